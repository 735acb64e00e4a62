/**
 * Form definitions used by the forms tests and the benchmark: the quote form of
 * DESIGN.md scenario 2 (line items, computed totals) and a form with every field type.
 */
import type { FormDefinition } from '@branchline/schemas';

const t = (en: string, zh: string) => ({ 'zh-CN': zh, en });

/** A quote: customer, currency, line items with computed line totals, computed subtotal, discount and total. */
export const QUOTE_FORM: FormDefinition = {
  schemaVersion: 1,
  kind: 'form',
  key: 'quote',
  title: t('Quote', '报价单'),
  titleField: 'customer_name',
  fields: [
    { key: 'customer_name', type: 'text', label: t('Customer', '客户名称'), required: true, validation: { maxLength: 200 } },
    {
      key: 'currency',
      type: 'select',
      label: t('Currency', '币种'),
      required: true,
      default: 'CNY',
      options: [
        { value: 'CNY', label: t('Renminbi', '人民币') },
        { value: 'USD', label: t('US dollar', '美元') },
      ],
    },
    {
      key: 'lines',
      type: 'table',
      label: t('Lines', '明细'),
      required: true,
      validation: { minRows: 1, maxRows: 100 },
      columns: [
        { key: 'product_name', type: 'text', label: t('Product', '产品'), required: true },
        { key: 'quantity', type: 'number', label: t('Quantity', '数量'), required: true, validation: { min: 1, integer: true } },
        { key: 'unit_price', type: 'currency', label: t('Unit price', '单价'), required: true, currencyField: 'currency', validation: { min: 0 } },
        { key: 'discount_pct', type: 'percent', label: t('Discount %', '折扣 %'), default: 0, validation: { min: 0, max: 30 } },
        { key: 'line_total', type: 'computed', label: t('Line total', '行合计'), resultType: 'number', format: 'currency', decimals: 2, expression: 'quantity * unit_price * (1 - discount_pct / 100)' },
      ],
    },
    { key: 'subtotal', type: 'computed', label: t('Subtotal', '小计'), resultType: 'number', decimals: 2, expression: 'sum(lines.map(l, l.quantity * l.unit_price))' },
    { key: 'discount_total', type: 'computed', label: t('Discount', '折扣金额'), resultType: 'number', decimals: 2, expression: 'subtotal - total' },
    { key: 'total', type: 'computed', label: t('Total', '总计'), resultType: 'number', decimals: 2, expression: 'sum(lines.map(l, l.line_total))' },
    { key: 'discount_reason', type: 'textarea', label: t('Reason for the discount', '折扣原因'), visibleWhen: 'lines.exists(l, l.discount_pct > 10)', required: true },
  ],
  rules: [{ id: 'positive-total', assert: 'total > 0', message: t('The total must be above zero.', '总计必须大于零。'), field: 'total' }],
};

/** A valid quote submission with `n` line items. */
export function quoteSubmission(n: number): Record<string, unknown> {
  return {
    customer_name: '上海机械有限公司',
    currency: 'CNY',
    lines: Array.from({ length: n }, (_, i) => ({ product_name: `Product ${i + 1}`, quantity: i + 1, unit_price: 99.5 + i, discount_pct: (i % 3) * 5 })),
  };
}

/** A customer form with one field of every type, sections, visibility and conditional rules. */
export const CUSTOMER_FORM: FormDefinition = {
  schemaVersion: 1,
  kind: 'form',
  key: 'customer',
  title: t('Customer registration', '客户登记'),
  titleField: 'company_name',
  sections: [
    { id: 'basic', title: t('Basics', '基本信息') },
    { id: 'finance', title: t('Finance', '财务') },
  ],
  fields: [
    { key: 'company_name', type: 'text', section: 'basic', label: t('Company name', '公司名称'), required: true, validation: { minLength: 2, maxLength: 100 } },
    {
      key: 'tax_id',
      type: 'text',
      section: 'basic',
      label: t('Unified social credit code', '统一社会信用代码'),
      validation: { pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$', patternMessage: t('18 characters: digits and capital letters.', '18 位数字或大写字母。') },
    },
    { key: 'notes', type: 'textarea', label: t('Notes', '备注') },
    { key: 'employees', type: 'number', label: t('Employees', '员工数'), validation: { min: 1, max: 100000, integer: true } },
    { key: 'arr', type: 'currency', section: 'finance', label: t('ARR', '年度经常性收入'), currencyField: 'currency', default: 0, validation: { min: 0 } },
    { key: 'currency', type: 'select', section: 'finance', label: t('Currency', '币种'), default: 'CNY', options: [{ value: 'CNY', label: t('Renminbi', '人民币') }, { value: 'USD', label: t('US dollar', '美元') }] },
    { key: 'usage_rate', type: 'percent', label: t('Usage rate', '使用率'), validation: { min: 0, max: 100 } },
    { key: 'email', type: 'email', label: t('Email', '邮箱') },
    { key: 'phone', type: 'phone', label: t('Phone', '电话') },
    { key: 'founded_on', type: 'date', label: t('Founded on', '成立日期'), validation: { min: '1900-01-01', max: '2100-12-31' } },
    { key: 'last_contact_at', type: 'datetime', label: t('Last contact', '最近联系时间') },
    {
      key: 'region',
      type: 'select',
      label: t('Region', '区域'),
      required: true,
      options: [
        { value: 'east', label: t('East', '华东') },
        { value: 'west', label: t('West', '华西') },
      ],
    },
    {
      key: 'industries',
      type: 'multi-select',
      label: t('Industries', '行业'),
      validation: { minItems: 1, maxItems: 2 },
      options: [
        { value: 'machinery', label: t('Machinery', '机械') },
        { value: 'retail', label: t('Retail', '零售') },
        { value: 'software', label: t('Software', '软件') },
      ],
    },
    { key: 'newsletter', type: 'checkbox', label: t('Newsletter', '订阅简报') },
    { key: 'privacy', type: 'consent', label: t('Privacy policy', '隐私政策'), required: true, statement: t('I agree to the privacy policy.', '我同意隐私政策。'), policyVersion: '2026-01' },
    { key: 'parent', type: 'reference', label: t('Parent company', '母公司'), form: 'customer' },
    {
      key: 'contacts',
      type: 'table',
      label: t('Contacts', '联系人'),
      validation: { maxRows: 5 },
      columns: [
        { key: 'name', type: 'text', label: t('Name', '姓名'), required: true },
        { key: 'mobile', type: 'text', label: t('Mobile', '手机'), validation: { pattern: '^1[3-9]\\d{9}$' } },
        { key: 'since', type: 'date', label: t('Since', '起始日期') },
        { key: 'primary', type: 'checkbox', label: t('Primary', '主要联系人'), default: false },
        { key: 'level', type: 'select', label: t('Level', '级别'), options: [{ value: 'c', label: t('C-level', '高管') }, { value: 'm', label: t('Manager', '经理') }] },
        { key: 'share', type: 'percent', label: t('Share', '占比'), validation: { min: 0, max: 100 } },
        { key: 'tenure_days', type: 'computed', label: t('Tenure (days)', '任职天数'), resultType: 'number', expression: 'round(days_between(since, now()))' },
      ],
    },
    { key: 'tier', type: 'computed', label: t('Tier', '等级'), resultType: 'text', expression: 'arr > 500000 && usage_rate > 80 ? "S" : (arr >= 100000 ? "A" : "B")' },
    { key: 'next_review', type: 'computed', label: t('Next review', '下次回顾'), resultType: 'date', expression: 'add_days(date(now()), tier == "S" ? 90 : 365)' },
    { key: 'wechat_id', type: 'text', label: t('WeChat ID', '微信号'), visibleWhen: 'region == "east"' },
    { key: 'low_usage_reason', type: 'textarea', label: t('Why is usage low?', '使用率低的原因'), requiredWhen: 'usage_rate < 20' },
  ],
  rules: [{ id: 'sane-share', assert: 'sum(contacts.map(c, c.share)) <= 100', message: t('Contact shares add up to more than 100 %.', '联系人占比合计超过 100%。'), field: 'contacts' }],
};

/** A valid submission of {@link CUSTOMER_FORM}. */
export function customerSubmission(): Record<string, unknown> {
  return {
    company_name: '上海机械有限公司',
    tax_id: '91310000MA1FL4XX3K',
    notes: '老客户',
    employees: 120,
    arr: 650000,
    currency: 'CNY',
    usage_rate: 85,
    email: 'buyer@example.com',
    phone: '+86 138 0013 8000',
    founded_on: '2001-05-20',
    last_contact_at: '2026-11-20T09:30:00+08:00',
    region: 'east',
    industries: ['machinery'],
    newsletter: true,
    privacy: true,
    parent: 'rec_123',
    contacts: [
      { name: '王经理', mobile: '13800138000', since: '2026-11-16', level: 'm', share: 60 },
      { name: 'Li', primary: true, share: 40 },
    ],
    wechat_id: 'wx_shanghai',
  };
}
