// Baseline for the protocol bench: the Bot Framework JavaScript SDK's echo bot, as in the official
// samples (CloudAdapter + restify). No MicrosoftAppId, so the SDK turns authentication off and sends
// its replies without a token, which lets it answer the loopback connector stand-in.
// The SDK sends the reply inside the turn, before it answers the inbound request (200).
// Usage: node index.js <port>   (binds 127.0.0.1 only)
'use strict';

const restify = require('restify');
const { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } = require('botbuilder');

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`Écho : ${context.activity.text}`);
      await next();
    });
  }
}

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
adapter.onTurnError = async (context, error) => {
  console.error(`turn error: ${error.message}`);
};
const bot = new EchoBot();

const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});

const port = Number(process.argv[2] || 3978);
server.listen(port, '127.0.0.1', () => {
  console.log(`botbuilder-js echo bot listening on http://127.0.0.1:${port}`);
});
