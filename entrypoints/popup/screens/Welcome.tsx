export function Welcome() {
  return (
    <main className="screen welcome">
      <h1 className="brand">Accord</h1>
      <p className="lead">
        An Ethereum wallet that takes no single source's word: a balance is verified when its proof checks against a
        block most sources agree on, and confirmed only when enough of them agree.
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
