export type LogLevel = 'silent' | 'error' | 'info' | 'debug';
const order: Record<LogLevel, number> = { silent: 0, error: 1, info: 2, debug: 3 };

export interface Logger {
	error(message: string, extra?: unknown): void;
	info(message: string): void;
	debug(message: string): void;
}

/** Plain, line-oriented logs on stderr/stdout: easy to read in a terminal and in journald. */
export function createLogger(level: LogLevel): Logger {
	const on = (l: LogLevel) => order[l] <= order[level];
	return {
		error: (message, extra) => {
			if (on('error')) console.error(`[cuadra] ${message}`, ...(extra === undefined ? [] : [extra]));
		},
		info: (message) => {
			if (on('info')) console.log(`[cuadra] ${message}`);
		},
		debug: (message) => {
			if (on('debug')) console.log(`[cuadra:debug] ${message}`);
		}
	};
}
