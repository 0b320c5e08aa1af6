/** Shown on the main screens until the user has confirmed the words of a newly created phrase. */
export function BackupReminder({ pending }: { pending: boolean | undefined }) {
  if (!pending) return null;
  return (
    <div className="notice notice-warning stack" role="status" data-testid="backup-reminder">
      <p>
        <strong>Your recovery phrase is not backed up.</strong> If this browser or the password is lost, so are the
        funds.
      </p>
      <a className="button primary small" href="#/phrase">
        Back up now
      </a>
    </div>
  );
}
