/**
 * Pick the text of a definition's localized label for the UI language, falling back
 * to the other language and then to any locale present.
 */
import type { LocalizedText } from '@branchline/schemas';

export function localized(text: LocalizedText | undefined | null, lang: string): string {
  if (!text) return '';
  return text[lang] ?? text[lang === 'en' ? 'zh-CN' : 'en'] ?? Object.values(text)[0] ?? '';
}

/** A server or runtime message `{zh-CN, en}` or a plain string, in the UI language. */
export function messageText(message: string | { 'zh-CN'?: string; en?: string } | undefined, lang: string): string {
  if (message === undefined) return '';
  if (typeof message === 'string') return message;
  return (lang === 'en' ? message.en ?? message['zh-CN'] : message['zh-CN'] ?? message.en) ?? '';
}
