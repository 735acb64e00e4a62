/** The Branchline mark: a branch leaving a main line, drawn inline (no icon font needed). */
export function BrandMark() {
  return (
    <span className="brand-mark" aria-hidden="true">
      <svg viewBox="0 0 16 16" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round">
        <path d="M5 2v12M5 9c0-3 6-2 6-6" />
        <circle cx="11" cy="3" r="1.3" fill="currentColor" stroke="none" />
      </svg>
    </span>
  );
}
