let context: AudioContext | null = null;

/** A short two-tone beep made with WebAudio (no sound file to download): a new arrival in the queue. */
export function beep(): void {
	try {
		context ??= new AudioContext();
		if (context.state === 'suspended') void context.resume();
		const at = context.currentTime;
		const gain = context.createGain();
		gain.gain.setValueAtTime(0.0001, at);
		gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
		gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.3);
		gain.connect(context.destination);
		for (const [frequency, start] of [
			[880, 0],
			[1320, 0.12]
		] as const) {
			const tone = context.createOscillator();
			tone.frequency.value = frequency;
			tone.connect(gain);
			tone.start(at + start);
			tone.stop(at + start + 0.15);
		}
	} catch {
		// No audio (a locked-down browser): the visual cue and the announcement remain.
	}
}
