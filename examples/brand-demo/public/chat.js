// The demo brand's chat page: Parley's popup sign-in, then the consumer WebSocket.
// Plain browser JavaScript on purpose: a brand page needs nothing of Parley but its URL.
// Text from the network is only ever set with textContent, never parsed as HTML.

const $ = (id) => document.getElementById(id);
const config = await (await fetch('/demo-config.json')).json();
const parleyOrigin = new URL(config.url).origin;
const account = encodeURIComponent(config.account);
/** The session lives in memory only: reloading the page signs the visitor out. */
let session = null;
let socket = null;
let popup = null;

function setStatus(text) {
  $('status').textContent = text;
}

function openSignIn() {
  const url = new URL(`${config.url}/v1/accounts/${account}/authorize`);
  url.searchParams.set('connector', config.connector);
  url.searchParams.set('origin', window.location.origin);
  popup = window.open(url.href, 'parley-sign-in', 'popup,width=480,height=680');
  setStatus(popup ? 'Signing in in the pop-up window…' : 'The sign-in window was blocked: allow pop-ups.');
}

// Only Parley's origin may sign us in, and only through the window we opened.
function onMessage(event) {
  if (event.origin !== parleyOrigin || event.source !== popup) return;
  const data = event.data;
  if (typeof data !== 'object' || data === null) return;
  if (data.type === 'parley:auth') onSignedIn(data);
  else if (data.type === 'parley:auth-error') setStatus(`Could not sign you in (${String(data.code)}).`);
}

function onSignedIn(result) {
  session = result;
  $('display-name').textContent = result.consumer?.displayName ?? 'customer';
  $('consumer-id').textContent = result.consumerId;
  $('signed-out').hidden = true;
  $('signed-in').hidden = false;
  $('chat').hidden = false;
  connect();
}

function connect() {
  setStatus('Connecting to chat…');
  socket = new WebSocket(`${config.url.replace(/^http/, 'ws')}/v1/accounts/${account}/consumer/ws`);
  // the token goes in the first frame, never in the URL
  socket.addEventListener('open', () =>
    socket.send(JSON.stringify({ type: 'auth', token: session.sessionToken })),
  );
  socket.addEventListener('message', (event) => onFrame(JSON.parse(event.data)));
  socket.addEventListener('close', (event) => {
    $('send').disabled = true;
    setStatus(`Chat disconnected (${event.code}). Sign in again to continue.`);
  });
}

function onFrame(frame) {
  switch (frame.type) {
    case 'auth.ok':
      $('send').disabled = false;
      setStatus('Connected. An agent will answer here.');
      break;
    case 'message.ack':
      markDelivered(frame);
      break;
    case 'message.created':
      showMessage(frame.message);
      break;
    case 'session.expiring':
      setStatus('Your chat session is about to expire.');
      break;
    case 'error':
      setStatus(`Chat error: ${String(frame.code)}`);
      break;
  }
}

function itemFor(clientMessageId) {
  return document.querySelector(`#transcript li[data-client-message-id="${CSS.escape(clientMessageId)}"]`);
}

function addItem(from, text) {
  const li = document.createElement('li');
  li.dataset.from = from;
  li.textContent = text;
  $('transcript').append(li);
  return li;
}

function markDelivered(ack) {
  const li = itemFor(ack.clientMessageId);
  if (!li) return;
  li.dataset.state = 'delivered';
  li.dataset.seq = String(ack.seq);
  li.dataset.messageId = ack.messageId;
}

// The sending socket also receives its own message.created: show a message once.
function showMessage(message) {
  if (document.querySelector(`#transcript li[data-message-id="${CSS.escape(message.id)}"]`)) return;
  if (message.clientMessageId && itemFor(message.clientMessageId)) return;
  addItem(message.from, message.text).dataset.messageId = message.id;
}

function send(event) {
  event.preventDefault();
  const text = $('message').value.trim();
  if (!text || !socket || socket.readyState !== WebSocket.OPEN) return;
  const clientMessageId = crypto.randomUUID();
  const li = addItem('consumer', text);
  li.dataset.clientMessageId = clientMessageId;
  li.dataset.state = 'sending';
  socket.send(JSON.stringify({ type: 'message.send', clientMessageId, text }));
  $('message').value = '';
}

window.addEventListener('message', onMessage);
$('sign-in').addEventListener('click', openSignIn);
$('send-form').addEventListener('submit', send);
$('sign-in').disabled = false;
setStatus('Ready.');
