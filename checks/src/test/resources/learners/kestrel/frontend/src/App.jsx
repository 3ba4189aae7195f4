import { useEffect, useState } from 'react';

export default function App() {
  const [items, setItems] = useState([]);
  const [error, setError] = useState('');
  const [name, setName] = useState('');

  async function refresh() {
    const res = await fetch('/api/items');
    if (res.ok) setItems(await res.json());
    else setError(`could not load items (${res.status})`);
  }

  useEffect(() => { refresh(); }, []);

  async function submit(e) {
    e.preventDefault();
    const res = await fetch('/api/items', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name }),
    });
    if (res.status === 201) { setName(''); refresh(); } else setError(`could not save (${res.status})`);
  }

  return (
    <section>
      <h1>Kestrel items</h1>
      {error && <p role="alert">{error}</p>}
      <form onSubmit={submit}>
        <input value={name} onChange={(e) => setName(e.target.value)} />
        <button>Save</button>
      </form>
      <ol>{items.map((item) => <li key={item.id}>{item.name}</li>)}</ol>
    </section>
  );
}
