export function Welcome() {
  return (
    <main className="screen welcome">
      <h1 className="brand">Accord</h1>
      <p className="lead">
        An Ethereum wallet that asks several sources and shows a balance as confirmed only when enough of them agree.
      </p>
      <div className="stack">
        <a className="button primary" href="#/onboarding/create">
          Create a new wallet
        </a>
        <a className="button secondary" href="#/onboarding/import-phrase">
          Import a recovery phrase
        </a>
        <a className="button secondary" href="#/onboarding/import-key">
          Import a private key
        </a>
      </div>
    </main>
  );
}
