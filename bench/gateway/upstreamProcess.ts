/**
 * The fake upstream in its own process (`tsx bench/gateway/upstreamProcess.ts '<options json>'`):
 * the same OpenAI-compatible server the tests use, so neither the lab nor the load generator pays
 * for its work. Prints its base URL as one JSON line.
 */
import { FakeUpstream, type FakeUpstreamOptions } from '../../test/helpers/fakeUpstream.js';

const options = JSON.parse(process.argv[2] ?? '{}') as FakeUpstreamOptions;
const upstream = await FakeUpstream.start(options);
process.stdout.write(`${JSON.stringify({ baseURL: upstream.baseURL })}\n`);
process.on('SIGTERM', () => void upstream.close().then(() => process.exit(0)));
