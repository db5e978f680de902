/** New-conversation notifications: the tab title always, a short tone when the agent turned it on. */

const BASE_TITLE = 'Parley Agent Workspace';
const SOUND_KEY = 'parley.workspace.sound';

export function setTitle(waiting: number): void {
  document.title = waiting > 0 ? `(${waiting}) waiting · ${BASE_TITLE}` : BASE_TITLE;
}

export function soundEnabled(): boolean {
  try {
    return localStorage.getItem(SOUND_KEY) === 'on';
  } catch {
    return false;
  }
}

export function setSoundEnabled(on: boolean): void {
  try {
    localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
  } catch {
    // storage refused (private mode): the setting lasts for this page only
  }
}

/** A 150 ms tone (Web Audio; no media file, nothing to load). */
export function chime(): void {
  if (!soundEnabled() || typeof AudioContext === 'undefined') return;
  const audio = new AudioContext();
  const tone = audio.createOscillator();
  const gain = audio.createGain();
  tone.frequency.value = 880;
  gain.gain.value = 0.08;
  tone.connect(gain).connect(audio.destination);
  tone.start();
  tone.stop(audio.currentTime + 0.15);
  tone.addEventListener('ended', () => void audio.close());
}
