import { type ReactNode, createContext, useContext } from "react";

/**
 * The id of the request being rendered (server/logging.mjs gives each one and logs it), so an
 * error page can show it and a user can quote it to the service desk. Only the server render
 * knows it; the page keeps the server's text when it hydrates.
 */
const RequestReferenceContext = createContext<string | undefined>(undefined);

export function RequestReferenceProvider({ id, children }: { id: string | undefined; children: ReactNode }) {
  return <RequestReferenceContext.Provider value={id}>{children}</RequestReferenceContext.Provider>;
}

/** "If it keeps happening …": the sentence of an error page, with the request's reference when known. */
export function ProblemReference() {
  const id = useContext(RequestReferenceContext);
  return (
    <p className="govuk-body" suppressHydrationWarning>
      {id
        ? `If it keeps happening, contact the Prevent Coordinator and give them this reference: ${id}.`
        : "If it keeps happening, contact the Prevent Coordinator and tell them the time it happened."}
    </p>
  );
}
