/**
 * Deterministic demo customers and quotes (a seeded PRNG, no Math.random), so every
 * fresh demo database has the same records and the dashboard is not empty.
 */
const FIRST = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇', '艳', '杰', 'Wei', 'Siti', 'Budi', 'Nguyen', 'Anan'];
const LAST = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴'];
const COMPANY_A = ['华', '东', '南', '远', '新', '瑞', '嘉', '恒', '盛', '鼎', '海', '金', '云', '星'];
const COMPANY_B = ['科技', '制造', '贸易', '物流', '医疗', '教育', '信息', '实业', '电子', '零售'];
const SEA_NAMES = ['Maju Jaya', 'Sinar Mas', 'Lotus Trading', 'Mekong Logistics', 'Garuda Tech', 'Siam Retail', 'Pacific Health', 'Harbour Edu'];
const INDUSTRIES = ['manufacturing', 'retail', 'finance', 'technology', 'healthcare', 'education', 'logistics', 'other'];
const SOURCES = ['website', 'referral', 'event', 'partner', 'cold_call'];
const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const PRODUCTS = ['Branchline Cloud 年度订阅', 'Analytics add-on', '实施服务', 'Premium support', '培训课程'];

/** mulberry32: a small, fast, seeded PRNG in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const round = (x: number, step: number) => Math.round(x / step) * step;

function creditCode(r: () => number): string {
  let s = '91';
  for (let i = 0; i < 6; i++) s += String(Math.floor(r() * 10));
  for (let i = 0; i < 10; i++) s += pick(r, CODE_CHARS.split(''));
  return s;
}

/** A customer registration for `region` ('east' | 'south' | 'sea' …). */
export function demoCustomer(r: () => number, region: string, n: number): Record<string, unknown> {
  const sea = region === 'sea';
  const company = sea ? `PT ${pick(r, SEA_NAMES)} ${n}` : `${pick(r, COMPANY_A)}${pick(r, COMPANY_A)}${pick(r, COMPANY_B)}有限公司 ${n}`;
  // A skewed ARR spread: most B, some A, a few S.
  const x = r();
  const arr = x > 0.93 ? round(500000 + r() * 1500000, 1000) : x > 0.6 ? round(100000 + r() * 400000, 1000) : round(5000 + r() * 95000, 500);
  const data: Record<string, unknown> = {
    company_name: company,
    region,
    industry: pick(r, INDUSTRIES),
    contact_name: sea ? `${pick(r, FIRST)} ${pick(r, ['Santoso', 'Tan', 'Lim', 'Wong'])}` : `${pick(r, LAST)}${pick(r, FIRST.slice(0, 10))}`,
    contact_phone: sea ? `+62 812 ${1000 + Math.floor(r() * 9000)} ${1000 + Math.floor(r() * 9000)}` : `+86 13${Math.floor(r() * 10)} ${1000 + Math.floor(r() * 9000)} ${1000 + Math.floor(r() * 9000)}`,
    contact_email: `contact${n}@customer-${region}.example`,
    data_source: pick(r, SOURCES),
    privacy_consent: true,
    privacy_policy_version: '2026-01',
    arr,
    usage_rate: Math.round(20 + r() * 80),
    arr_growth: Math.round(-20 + r() * 60),
  };
  if (!sea) data.credit_code = creditCode(r);
  return data;
}

/** A quote with one to four lines, mostly small discounts. */
export function demoQuote(r: () => number, customer: string, currency: string): Record<string, unknown> {
  const lines = Array.from({ length: 1 + Math.floor(r() * 4) }, () => {
    const listPrice = round(1000 + r() * 50000, 100);
    return {
      product_name: pick(r, PRODUCTS),
      quantity: 1 + Math.floor(r() * 20),
      list_price: listPrice,
      unit_price: round(listPrice * (0.9 + r() * 0.1), 10),
      discount_pct: r() > 0.85 ? 16 + Math.floor(r() * 14) : Math.floor(r() * 12),
    };
  });
  const data: Record<string, unknown> = { customer_name: customer, customer_tier: pick(r, ['S', 'A', 'B', 'B']), currency, lines };
  if (lines.some((l) => l.discount_pct > 15)) data.discount_reason = '战略客户首年优惠 / strategic first-year discount';
  return data;
}
