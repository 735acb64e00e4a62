/** A padlock, drawn inline so it shows the same on every system (emoji fonts vary). */
export function LockIcon({ size = 14 }: { size?: number }) {
  return (
    <svg className="lock-icon" viewBox="0 0 16 16" width={size} height={size} aria-hidden="true" focusable="false">
      <path d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <rect x="3" y="7" width="10" height="7.5" rx="1.5" fill="currentColor" />
    </svg>
  );
}
