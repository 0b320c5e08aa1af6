export function App() {
  return (
    <main>
      <h1>Accord</h1>
    </main>
  );
}
