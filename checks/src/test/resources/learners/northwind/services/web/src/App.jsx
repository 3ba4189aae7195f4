import { useEffect, useState } from 'react';

export default function App() {
  const [items, setItems] = useState([]);
  const [name, setName] = useState('');

  const load = () => fetch('/api/items').then((r) => r.json()).then(setItems);
  useEffect(() => { load(); }, []);

  async function add(event) {
    event.preventDefault();
    await fetch('/api/items', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name }),
    });
    setName('');
    load();
  }

  return (
    <main>
      <h1>Orders</h1>
      <form onSubmit={add}>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="New order" />
        <button type="submit">Add</button>
      </form>
      <ul>{items.map((i) => <li key={i.id}>{i.name}</li>)}</ul>
    </main>
  );
}
