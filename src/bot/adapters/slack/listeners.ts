import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import { notesClick } from '../../core/dispatch-click.js';
import type { InboundHandlers } from '../../core/types.js';
import { escapeMrkdwn, type SlackBlock } from './render.js';
import { createSlackReply, type Respond } from './reply.js';
import type { SlackSink } from './sink.js';
import { clickThread, toButtonClick, toCommandRequest } from './translate.js';
import { createWorkQueue, type WorkQueue } from './work-queue.js';

/**
 * Slash commands and taobot's buttons. Both ack first: the ack is the only thing on Slack's 3-second clock, and
 * the work (database, GPU servers, charts) runs after it from a work queue that lets later acks go first.
 */
export function registerListeners(
  app: App,
  deps: { handlers: InboundHandlers; sink: SlackSink; logger: Logger; concurrency?: number },
): WorkQueue {
  const { handlers, sink, logger } = deps;
  // The core's dispatch is each task's error boundary; this catch is the last guard.
  const queue = createWorkQueue({
    concurrency: deps.concurrency ?? 4,
    onError: (error) => logger.error({ err: error }, 'Slack interaction failed after its ack'),
  });

  app.command(/^\/[\w-]+$/, async ({ command, ack, respond }) => {
    await ack();
    const request = toCommandRequest(command);
    const log = logger.child({ command: request.command, user: `slack:${request.user.id}` });
    const reply = createSlackReply(
      sink,
      { channelId: request.channelId, userId: request.user.id, respond: respond as unknown as Respond },
      log,
    );
    queue.push(() => handlers.command(request, reply));
  });

  app.action(/^taobot:/, async ({ ack, body, action, respond }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button' || !('action_id' in action)) return;
    const click = toButtonClick(body, action);
    if (!click) {
      logger.warn({ actionId: action.action_id }, 'ignored a button taobot cannot read');
      return;
    }
    const log = logger.child({ action: click.action, user: `slack:${click.user.id}` });
    const reply = createSlackReply(
      sink,
      {
        channelId: click.channelId,
        userId: click.user.id,
        threadRef: clickThread(body),
        respond: respond as unknown as Respond,
      },
      log,
    );
    const message = body.message;
    queue.push(async () => {
      // The note goes on the card at once, whatever the command then decides; it waits on nothing the click does.
      const noted =
        message && notesClick(click.action)
          ? sink
              .annotate(
                click.channelId,
                message.ts,
                { text: String(message.text ?? ''), blocks: (message.blocks ?? []) as SlackBlock[] },
                `${escapeMrkdwn(action.text.text)} — clicked by <@${click.user.id}>`,
              )
              .catch((error: unknown) => log.warn({ err: error }, 'could not note the click on its message'))
          : Promise.resolve();
      await handlers.click(click, reply);
      await noted;
    });
  });

  app.error(async (error) => {
    logger.error({ err: error }, 'Slack listener failed');
  });
  return queue;
}
