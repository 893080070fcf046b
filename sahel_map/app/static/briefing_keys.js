/* The briefing's clicker keys (a Streamlit v2 component, run in the page's own document).
 *
 * Streamlit's button shortcuts take one key per button, and drop a press that arrives while the page is
 * still re-running (a presenter stepping quickly loses steps), so every key is handled here: in the
 * presenter view → / PageDown / Space next, ← / PageUp previous, Home first, End last; in the page
 * only ← and → (the other keys keep scrolling the page). When the viewer has clicked into the map,
 * its frame holds the keyboard, so the listener also goes into every map frame (same origin), before
 * Leaflet pans with the arrows.
 * On Back / Forward it sends the address bar's step (move "to").
 * It also reports the window's size, so the map fills the screen exactly.
 * Each press is sent to Python as a trigger value (move "next", "previous", "first" or "last", numbered).
 */
const ARROWS = { ArrowRight: 'next', ArrowLeft: 'previous' };
const CLICKER = { ...ARROWS, PageDown: 'next', ' ': 'next', PageUp: 'previous', Home: 'first', End: 'last' };
const MAP_FRAMES = 'iframe[title="streamlit_folium.st_folium"]';
// kept on the window: if Streamlit evaluates this module again, the listeners are not doubled
const STATE = window.__sahelBriefingKeys || (window.__sahelBriefingKeys = { send: null, attached: new WeakSet(), timer: null });

function typing(target) {
  const tag = target && target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (target && target.isContentEditable);
}

function listener() {
  return (event) => {
    const move = (STATE.data && STATE.data.present ? CLICKER : ARROWS)[event.key];
    if (!move || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    // no scrolling, and no second "click" of a focused button by Space
    event.preventDefault();
    event.stopPropagation();
    if (event.type === 'keydown' && !event.repeat && STATE.send) { STATE.send(move); }
  };
}

function attachFrames() {
  document.querySelectorAll(MAP_FRAMES).forEach((frame) => {
    try {
      // the document, not the window: a frame keeps its window object when it loads a new document
      const doc = frame.contentDocument;
      if (!doc || STATE.attached.has(doc)) { return; }
      doc.addEventListener('keydown', listener(), true);
      STATE.attached.add(doc);
    } catch (error) { /* not same origin: leave it */ }
  });
}

function reportScreen(data, setStateValue) {
  // the presenter view sizes its map to the screen: tell Python the window's size when it changes
  const w = window.innerWidth, h = window.innerHeight;
  const known = data && data.screen;
  if (!known || known.w !== w || known.h !== h) { setStateValue('screen', { w, h }); }
}

export default function (component) {
  const { data, setTriggerValue, setStateValue } = component;
  // each press is unique, so that two presses of the same move are two triggers
  STATE.trigger = setTriggerValue;
  STATE.send = (move, step) => {
    const press = { move, step, n: `${Date.now()}-${Math.random()}`, at: Date.now() };
    STATE.pending = (STATE.pending || []).concat([press]);
    setTriggerValue('go', press);
  };
  // Streamlit can merge a trigger into a rerun that was already asked for (the map's own answer) and
  // lose it: a press Python has not acknowledged (data.done) is sent again; Python ignores repeats
  const done = new Set((data && data.done) || []);
  STATE.pending = (STATE.pending || []).filter((press) => !done.has(press.n));
  STATE.resend = () => {
    const stale = (STATE.pending || []).find((press) => Date.now() - press.at > 1500);
    if (stale) { stale.at = Date.now(); STATE.trigger('go', stale); }
  };
  if (!STATE.resendTimer) { STATE.resendTimer = setInterval(() => STATE.resend(), 500); }
  STATE.report = () => reportScreen(STATE.data, setStateValue);
  STATE.data = data;
  STATE.report();
  if (!STATE.resize) {
    STATE.resize = () => { clearTimeout(STATE.resizeTimer); STATE.resizeTimer = setTimeout(() => STATE.report(), 250); };
    window.addEventListener('resize', STATE.resize);
  }
  if (!STATE.attached.has(window)) {
    const onPage = listener();
    window.addEventListener('keydown', onPage, true);
    window.addEventListener('keyup', (event) => { if (event.key === ' ') { onPage(event); } }, true);
    // Back / Forward: send the address bar's step, after Streamlit's own rerun for the new address began
    window.addEventListener('popstate', () => {
      const found = /[?&]step=(\d{1,4})(&|$)/.exec(window.location.search);
      if (found) { setTimeout(() => STATE.send && STATE.send('to', Number(found[1])), 400); }
    });
    STATE.attached.add(window);
  }
  attachFrames();
  if (!STATE.timer) { STATE.timer = setInterval(attachFrames, 1000); }
}
