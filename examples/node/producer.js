// Submits one program to codeexec straight over Kafka, the way a backend that already speaks
// Kafka would. The record is a codeexec.submissions.v1 Submission (schemas/src/main/resources),
// keyed by its id so that all records of one submission stay on one partition, in order.
//
//   node producer.js [--brokers 127.0.0.1:9092] [--language python] [--source 'print(input())']
//                    [--stdin hello] [--callback-url https://example.org/hook]
//
// Prints the submission id; the result arrives on codeexec.results.v1 (see consumer.js).
const { Kafka, Partitioners, logLevel } = require('kafkajs');
const { randomUUID } = require('crypto');
const { option } = require('./options');

async function main() {
  const brokers = option('--brokers', process.env.CODEEXEC_BOOTSTRAP_SERVERS || '127.0.0.1:9092');
  const submission = {
    schemaVersion: 1,
    id: randomUUID(),
    language: option('--language', 'python'),
    source: option('--source', 'print(input()[::-1])'),
    stdin: option('--stdin', 'olleh'),
    submittedAt: new Date().toISOString(),
  };
  const callbackUrl = option('--callback-url', null);
  if (callbackUrl) {
    submission.callbackUrl = callbackUrl; // the sink POSTs the signed result there
  }

  const kafka = new Kafka({ clientId: 'codeexec-example-producer', brokers: brokers.split(','), logLevel: logLevel.WARN });
  // kafkajs 2's default partitioner hashes keys like the Java client (murmur2): a submission lands
  // on the partition a Java producer would choose for the same id
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    // acks -1: the broker answers only once every in-sync replica has the record
    await producer.send({
      topic: 'codeexec.submissions.v1',
      acks: -1,
      messages: [{ key: submission.id, value: JSON.stringify(submission) }],
    });
  } finally {
    await producer.disconnect();
  }
  console.log(submission.id);
}

main().catch((e) => {
  console.error(`producer failed: ${e.message}`);
  process.exit(1);
});
