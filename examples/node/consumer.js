// Reads codeexec.results.v1 and keeps a count per language and verdict, printing each result as
// it arrives: the start of an analytics job. With --until ID it stops at that submission's result
// (handy in scripts and in the repository's test) and prints the counts of what it read by then
// (Kafka orders records within a partition only: other partitions may hold unread older results);
// otherwise it runs until Ctrl-C.
//
//   node consumer.js [--brokers 127.0.0.1:9092] [--group my-analytics] [--until SUBMISSION_ID]
//
// Each line: "<submission id> <language> <verdict> stdout=<first run's stdout as JSON>".
const { Kafka, logLevel } = require('kafkajs');
const { randomUUID } = require('crypto');
const { option } = require('./options');

async function main() {
  const brokers = option('--brokers', process.env.CODEEXEC_BOOTSTRAP_SERVERS || '127.0.0.1:9092');
  const until = option('--until', null);
  // A group of your own: codeexec's services use their own groups, and each group gets every record.
  const groupId = option('--group', `codeexec-example-analytics-${randomUUID()}`);

  const kafka = new Kafka({ clientId: 'codeexec-example-consumer', brokers: brokers.split(','), logLevel: logLevel.WARN });
  // readUncommitted false (kafkajs' default, said here on purpose): executors publish results in
  // Kafka transactions, and a result of a rolled-back transaction must never be counted
  const consumer = kafka.consumer({ groupId, readUncommitted: false });
  const counts = new Map(); // "language verdict" -> count

  let stop;
  const stopped = new Promise((resolve) => { stop = resolve; });
  process.on('SIGINT', () => stop());

  await consumer.connect();
  await consumer.subscribe({ topic: 'codeexec.results.v1', fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const result = JSON.parse(message.value.toString('utf8'));
      const key = `${result.language} ${result.verdict}`;
      counts.set(key, (counts.get(key) || 0) + 1);
      // stdout is text (encoding utf8) or base64 for binary output
      const out = result.runs && result.runs.length > 0 ? result.runs[0].stdout : null;
      const stdout = !out ? '' : out.encoding === 'base64' ? Buffer.from(out.data, 'base64').toString('utf8') : out.data;
      console.log(`${result.submissionId} ${result.language} ${result.verdict} stdout=${JSON.stringify(stdout)}`);
      if (until && result.submissionId === until) {
        stop();
      }
    },
  });
  await stopped;
  await consumer.disconnect();

  console.log('language verdict count');
  for (const [key, count] of [...counts.entries()].sort()) {
    console.log(`${key} ${count}`);
  }
}

main().catch((e) => {
  console.error(`consumer failed: ${e.message}`);
  process.exit(1);
});
