import { ErrorNotice } from '@/components/ErrorNotice';
import { useWallet, useWatch } from '@/lib/state/hooks';
import { type Route, useRoute } from './router';
import { Activity } from './screens/Activity';
import { AddToken } from './screens/AddToken';
import { Approval } from './screens/Approval';
import { ChangePassword } from './screens/ChangePassword';
import { Compare } from './screens/Compare';
import { CreateWallet } from './screens/CreateWallet';
import { ExportKey } from './screens/ExportKey';
import { Home } from './screens/Home';
import { ImportKey } from './screens/ImportKey';
import { ImportPhrase } from './screens/ImportPhrase';
import { NetworkDetail } from './screens/NetworkDetail';
import { Networks } from './screens/Networks';
import { RecoveryPhrase } from './screens/RecoveryPhrase';
import { RemoveAccount } from './screens/RemoveAccount';
import { Send } from './screens/Send';
import { Settings } from './screens/Settings';
import { Sites } from './screens/Sites';
import { Unlock } from './screens/Unlock';
import { Welcome } from './screens/Welcome';

export function App() {
  const route = useRoute();
  if (route.segments[0] === 'approval' && route.segments[1]) return <Approval id={route.segments[1]} />;
  return <WalletScreens route={route} />;
}

/** Status decides: not initialized → onboarding, locked → unlock, otherwise the screen the hash names. */
function WalletScreens({ route }: { route: Route }) {
  useWatch('status');
  const status = useWallet((s) => s.status);
  const statusError = useWallet((s) => s.errors.status);
  const [first, second] = route.segments;

  if (!status) {
    return (
      <main className="screen">
        {statusError ? <ErrorNotice message={`Accord's background is not answering: ${statusError}`} /> : null}
        <p className="muted" role="status">
          Starting…
        </p>
      </main>
    );
  }

  // Onboarding keeps its own steps after the wallet exists (showing and confirming the new phrase).
  if (first === 'onboarding') {
    if (second === 'create') return <CreateWallet />;
    if (second === 'import-phrase') return <ImportPhrase />;
    if (second === 'import-key') return <ImportKey />;
  }
  if (!status.initialized) return <Welcome />;
  if (!status.unlocked) return <Unlock />;

  switch (first) {
    case 'compare':
      return <Compare assetKey={second ?? 'native'} />;
    case 'send':
      return <Send initialAsset={route.query.get('asset')} />;
    case 'activity':
      return <Activity />;
    case 'networks':
      return second ? <NetworkDetail chainId={Number(second)} /> : <Networks />;
    case 'sites':
      return <Sites />;
    case 'settings':
      if (second === 'export-key') return <ExportKey />;
      if (second === 'password') return <ChangePassword />;
      if (second === 'remove-account') return <RemoveAccount />;
      return <Settings />;
    case 'phrase':
      return <RecoveryPhrase />;
    case 'tokens':
      return <AddToken />;
    case 'import-key':
      return <ImportKey />;
    default:
      return <Home />;
  }
}
