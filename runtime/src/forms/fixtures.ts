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
