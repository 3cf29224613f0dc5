/** Recovery codes, shown once, with what to do with them. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <>
      <div className="govuk-warning-text">
        <span className="govuk-warning-text__icon" aria-hidden="true">
          !
        </span>
        <strong className="govuk-warning-text__text">
          <span className="govuk-visually-hidden">Warning</span>
          These codes are shown only once. Save or print them now and keep them somewhere safe.
        </strong>
      </div>
      <p className="govuk-body">
        If you lose your phone, you can sign in with one of these codes instead of a code from your app. Each code works
        once.
      </p>
      <ul className="govuk-list govuk-list--bullet" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code className="govuk-!-font-size-24">{code}</code>
          </li>
        ))}
      </ul>
    </>
  );
}
