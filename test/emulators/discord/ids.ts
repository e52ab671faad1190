/**
 * Snowflakes as Discord makes them: milliseconds since the Discord epoch shifted left by 22 bits, plus a counter.
 * discord.js reads a message's creation time from its id with BigInt, so ids must be real numeric snowflakes.
 */
const DISCORD_EPOCH = 1_420_070_400_000n;

export function createSnowflakes(): () => string {
  let counter = 0n;
  return () => {
    counter = (counter + 1n) & 0xfffn;
    return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (1n << 17n) | counter).toString();
  };
}

/** The fixed ids of the emulated world (numeric, 18 digits, as discord.js expects). */
export const EMU = {
  applicationId: '100000000000000001',
  guildId: '200000000000000001',
  channelId: '300000000000000001',
  /** A text channel where the bot may not start threads. */
  noThreadsChannelId: '300000000000000002',
  userId: '400000000000000001',
  otherUserId: '400000000000000002',
} as const;
