// The two languages of the portal. `Accept-Language: ar` (or any `ar-*` ranked
// first) gives Arabic; everything else gives English, as the contract says.
export type Language = 'ar' | 'en';

export interface Localized {
  ar: string;
  en: string;
}

export function languageFrom(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'en';
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), quality: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  const first = ranked[0]?.tag ?? '';
  return first === 'ar' || first.startsWith('ar-') ? 'ar' : 'en';
}

export function pick(text: Localized, language: Language): string {
  return text[language];
}
