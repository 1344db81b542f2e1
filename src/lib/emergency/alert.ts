import { z } from 'zod';

/**
 * A panic alert as the device sends it to `POST /api/panic`. Everything in it is the device's claim:
 * the server records the time as "claimed" next to its own receive time, and works out the
 * municipality from the location itself.
 */
export const panicLocationSchema = z.object({
	latitude: z.number().min(-90).max(90),
	longitude: z.number().min(-180).max(180),
	/** Metres. */
	accuracy: z.number().min(0).max(100_000).nullable()
});
export type PanicLocation = z.infer<typeof panicLocationSchema>;

export const panicAlertSchema = z
	.object({
		/** Made on the device, so a retried send is recognised rather than counted twice. */
		id: z.uuid(),
		/** When the person pressed the button, by the device's clock (may have been offline for hours). */
		claimedAt: z.iso.datetime({ offset: true }),
		/** Null when the GPS gave nothing (denied, no fix in time). */
		location: panicLocationSchema.nullable(),
		/** The municipality the resident chose as home: used only when the location says nothing. */
		homeMunicipalityId: z
			.string()
			.regex(/^[a-z0-9-]{1,64}$/)
			.nullable()
	})
	.strict();
export type PanicAlert = z.infer<typeof panicAlertSchema>;

/** What the server answers. */
export const panicReceiptSchema = z.object({
	id: z.string(),
	receivedAt: z.string(),
	municipalityId: z.string().nullable()
});
export type PanicReceipt = z.infer<typeof panicReceiptSchema>;
