import { useTranslation } from 'react-i18next';
import { rememberLanguage, UI_LANGUAGES, type UiLanguage } from '../i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="lang-switch">
      <span className="visually-hidden">{t('shell.language')}</span>
      <select
        value={i18n.language}
        onChange={(e) => {
          const lang = e.target.value as UiLanguage;
          rememberLanguage(lang);
          void i18n.changeLanguage(lang);
        }}
      >
        {UI_LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {t(`languages.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
