/* The page's time control (a Streamlit v2 component, run in the page's own document).
 *
 * While the thumb is dragged, stepped with the keys or played, every map on the page that follows this
 * control is told the day directly (window.SahelMap.setDay in the map's iframe, same origin): the map
 * redraws in the browser, with no server round trip. Streamlit learns the day once the movement stops
 * (setStateValue after a short pause, or at pause), and then updates tables, charts and the URL in one
 * rerun, without rebuilding the map.
 *
 * Below it, a select of the key dates (also ticks on the slider) moves the day at once, and one line
 * says how to use the keys.
 *
 * Streamlit calls this function again whenever its data change, with the same parent element: the
 * control is built once per element and then only updated.
 */
const CONTROLS = new WeakMap();
const DAY_MS = 86400000;
const MAP_FRAMES = 'iframe[title="streamlit_folium.st_folium"]';

function dayNumber(iso) {
  return Math.round(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS);
}

function isoDay(n) {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

function addMonths(day, months) {
  const d = new Date(day * DAY_MS);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  return Math.round(target.getTime() / DAY_MS);
}

function build(root) {
  const control = { day: null, serverDay: null, playing: null, commitTimer: null, drawQueued: false };
  const box = document.createElement('div');
  box.className = 'sahel-time';
  const label = document.createElement('div');
  label.className = 'sahel-time-date';
  label.setAttribute('aria-live', 'polite');
  const row = document.createElement('div');
  row.className = 'sahel-time-row';
  const play = document.createElement('button');
  play.type = 'button';
  play.className = 'sahel-time-play';
  const range = document.createElement('input');
  range.type = 'range';
  range.step = '1';
  range.className = 'sahel-time-range';
  const speed = document.createElement('select');
  speed.className = 'sahel-time-speed';
  [0.5, 1, 2, 4].forEach((value) => {
    const option = document.createElement('option');
    option.value = String(value);
    option.textContent = value + '\u00d7';
    option.selected = value === 1;
    speed.appendChild(option);
  });
  row.append(play, range, speed);
  // the key dates: a native select (no Streamlit widget to render) and ticks on the slider's track
  const jump = document.createElement('select');
  jump.className = 'sahel-time-jump';
  const ticks = document.createElement('datalist');
  ticks.id = 'sahel-time-ticks-' + Math.random().toString(36).slice(2);
  range.setAttribute('list', ticks.id);
  const hint = document.createElement('div');
  hint.className = 'sahel-time-hint';
  box.append(label, row, jump, ticks, hint);
  root.appendChild(box);
  Object.assign(control, { label, range, play, speed, jump, ticks, hint });

  control.format = (day) => {
    const iso = isoDay(day);
    const d = +iso.slice(8, 10);
    const month = control.data.months[+iso.slice(5, 7) - 1];
    return (d === 1 && control.data.firstDay ? control.data.firstDay : d) + ' ' + month + ' ' + iso.slice(0, 4);
  };
  control.show = (day) => {
    control.day = day;
    range.value = String(day);
    label.textContent = control.format(day);
    range.setAttribute('aria-valuetext', label.textContent);
  };
  // tell every following map the day, at most once per animation frame
  control.draw = () => {
    if (control.drawQueued) { return; }
    control.drawQueued = true;
    requestAnimationFrame(() => {
      control.drawQueued = false;
      document.querySelectorAll(MAP_FRAMES).forEach((frame) => {
        try {
          const map = frame.contentWindow && frame.contentWindow.SahelMap;
          if (map && map.follow === control.data.follow) { map.setDay(control.day); }
        } catch (error) { /* a map still loading: it gets the day from the server's layers */ }
      });
    });
  };
  control.commit = (delay) => {
    clearTimeout(control.commitTimer);
    control.commitTimer = setTimeout(() => {
      if (control.playing || control.day === control.serverDay) { return; }
      control.serverDay = control.day;
      control.setStateValue('day', isoDay(control.day));
    }, delay);
  };
  control.move = (day, delay) => {
    const first = +range.min, last = +range.max;
    control.show(Math.max(first, Math.min(last, day)));
    control.draw();
    control.commit(delay);
  };
  control.stop = () => {
    if (control.playing) { cancelAnimationFrame(control.playing); control.playing = null; }
    play.textContent = '\u25b6';
    play.setAttribute('aria-label', control.data.labels.play);
  };
  control.start = () => {
    const first = +range.min, last = +range.max;
    let at = control.day >= last ? first : control.day, before = null;
    const perMs = (last - first) / (control.data.seconds * 1000);
    play.textContent = '\u275a\u275a';
    play.setAttribute('aria-label', control.data.labels.pause);
    const frame = (now) => {
      if (before !== null) { at = Math.min(last, at + (now - before) * perMs * +speed.value); }
      before = now;
      control.show(Math.floor(at));
      control.draw();
      if (at >= last) { control.stop(); control.commit(0); return; }
      control.playing = requestAnimationFrame(frame);
    };
    control.playing = requestAnimationFrame(frame);
  };

  range.addEventListener('input', () => control.move(+range.value, 400));
  range.addEventListener('change', () => control.commit(150));
  range.addEventListener('keydown', (event) => {
    const steps = { ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1 };
    let day = control.day;
    if (event.key in steps) { day += steps[event.key]; }
    else if (event.key === 'PageUp') { day = addMonths(day, 1); }
    else if (event.key === 'PageDown') { day = addMonths(day, -1); }
    else if (event.key === 'Home') { day = +range.min; }
    else if (event.key === 'End') { day = +range.max; }
    else { return; }
    event.preventDefault();
    control.move(day, 400);
  });
  jump.addEventListener('change', () => {
    if (!jump.value) { return; }
    control.stop();
    control.move(dayNumber(jump.value), 0);
    // back to the prompt, so choosing the same key date again jumps again after the slider moved
    jump.value = '';
  });
  play.addEventListener('click', () => {
    if (control.playing) { control.stop(); control.commit(0); } else { control.start(); }
  });
  return control;
}

export default function (component) {
  const { data, setStateValue, parentElement } = component;
  let control = CONTROLS.get(parentElement);
  if (!control) {
    control = build(parentElement);
    CONTROLS.set(parentElement, control);
  }
  control.setStateValue = setStateValue;
  control.data = data;
  const first = dayNumber(data.first), last = dayNumber(data.last), day = dayNumber(data.day);
  control.range.min = String(first);
  control.range.max = String(last);
  control.range.setAttribute('aria-label', data.labels.day);
  control.speed.setAttribute('aria-label', data.labels.speed);
  control.speed.title = data.labels.speed;
  control.hint.textContent = data.labels.hint;
  const keyDates = data.keyDates || [];
  const keys = JSON.stringify(keyDates) + data.labels.keyDates;
  if (control.keys !== keys) {  // rebuilt only when the dates or the language change
    control.keys = keys;
    control.jump.replaceChildren(new Option(data.labels.keyDates, ''));
    control.ticks.replaceChildren();
    keyDates.forEach(([iso, title]) => {
      control.jump.appendChild(new Option(control.format(dayNumber(iso)) + ' \u00b7 ' + title, iso));
      control.ticks.appendChild(new Option('', String(dayNumber(iso))));
    });
    control.jump.hidden = !keyDates.length;
  }
  control.jump.setAttribute('aria-label', data.labels.jump);
  if (!control.playing) { control.stop(); }
  // the server moved the day (a key date, a link): follow it, unless the viewer is moving it now
  if (day !== control.serverDay) {
    control.serverDay = day;
    if (!control.playing) { control.show(day); control.draw(); }
  }
}
