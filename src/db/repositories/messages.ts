import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { chatMessages, notifications } from '../schema.js';

export type ChatMessage = typeof chatMessages.$inferSelect;

/** The message taobot keeps editing for a run (its status card), if one was posted. */
export async function findChatMessage(db: Db, runId: number, platform: string, purpose: string) {
  const [row] = await db
    .select()
    .from(chatMessages)
    .where(
      and(
        eq(chatMessages.runId, runId),
        eq(chatMessages.platform, platform),
        eq(chatMessages.purpose, purpose),
      ),
    );
  return row;
}

export async function saveChatMessage(
  db: Db,
  row: {
    runId: number;
    platform: string;
    purpose: string;
    channelId: string;
    messageRef: string;
    threadRef?: string;
  },
): Promise<void> {
  await db
    .insert(chatMessages)
    .values(row)
    .onConflictDoUpdate({
      target: [chatMessages.runId, chatMessages.platform, chatMessages.purpose],
      set: { messageRef: row.messageRef, channelId: row.channelId, updatedAt: sql`now()` },
    });
}

/**
 * Claims a once-only notification (the final suggestion of a run, a day's summary). Returns true for exactly one
 * caller, however many replicas or restarts ask: the key is the table's primary key.
 */
export async function claimNotification(db: Db, key: string, runId?: number): Promise<boolean> {
  const rows = await db.insert(notifications).values({ key, runId }).onConflictDoNothing().returning();
  return rows.length === 1;
}

/** Gives a claim back when posting failed, so the next pass tries again. */
export async function releaseNotification(db: Db, key: string): Promise<void> {
  await db.delete(notifications).where(eq(notifications.key, key));
}
