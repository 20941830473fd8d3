import { describe, expect, it } from 'vitest';
import { identityMatcher } from './identity.js';

const matcher = identityMatcher({
  modelNames: ['llama-3.3-70b-versatile', 'meta-llama/Llama-4-Scout-17B', 'demo-concise', 'demo-detailed', 'mixtral-8x7b-32768', 'acme-nimbus-7b'],
  providerNames: ['groq', 'Groq', 'demo', 'Demo (offline)', 'bytez'],
});
const leaks = (answer: string, prompt = 'Tell me about yourself.') => matcher.leak([answer], prompt);

describe('identity leaks', () => {
  it.each([
    'I am ChatGPT, a large language model.',
    'As a model trained by OpenAI, I cannot browse.',
    'I’m Claude, an AI assistant.',
    'I am Gemini, created to help.',
    'My name is Llama and I love to help.',
    'I was developed by Google.',
    'I am a large language model trained by Meta.',
    'I am an AI assistant developed by the team at Anthropic.',
    'This answer comes from Llama 3, so take it with care.',
    'Gemini Pro handles this well.',
    'Meta AI can help you with that.',
    'I am Google’s language model.',
    'As Qwen2.5, I think the answer is 4.',
    'Powered by GPT-4o.',
    'DeepSeek thinks so too.',
    'This is mixtral-8x7b speaking.',
    'I am Mistral 7B.',
    'You are talking to llama-3.3-70b-versatile.',
    'I am based on Llama-3.3.',
    'I’m Nimbus, your helpful assistant.',
    'acme-nimbus-7b at your service.',
    'I am an assistant made by Groq.',
  ])('finds one in %j', (answer) => {
    expect(leaks(answer)).toBeDefined();
  });

  it.each([
    'Claude Monet painted water lilies.',
    'Put the coin in the palm of your hand.',
    'Add meta tags to the page head; the metadata matters for SEO.',
    'The mistral is a cold wind in southern France.',
    'People born under Gemini are curious. Gemini 2024 horoscope: good luck.',
    'A llama is a South American camelid.',
    'You can google it, or search Google for the answer.',
    'Android was developed by Google and YouTube is owned by Google.',
    'The anthropic principle says the universe must allow observers.',
    'This demo shows a concise and detailed explanation.',
    'I am going to google that for you.',
    'The bard of Avon wrote Hamlet.',
    'Hermes was the messenger of the gods.',
    'It costs about $7 billion.',
  ])('finds none in %j', (answer) => {
    expect(leaks(answer)).toBeUndefined();
  });

  it('ignores a name the prompt itself asked about, unless the answer speaks of itself with it', () => {
    const prompt = 'How do I call the OpenAI API from Python?';
    expect(leaks('Install the openai package and call openai.chat.completions.create().', prompt)).toBeUndefined();
    expect(leaks('I am ChatGPT, made by OpenAI. Install the openai package.', prompt)).toBe('I am ChatGPT');
    expect(leaks('Use the OpenAI client.', 'Are you ChatGPT?')).toBe('OpenAI');
  });

  it('checks every answer, and names what it found', () => {
    expect(matcher.leak(['A neutral answer.', 'I was created by Anthropic.'], 'hi')).toBe('I was created by Anthropic');
    expect(matcher.leak(['A neutral answer.', 'Another one.'], 'hi')).toBeUndefined();
  });
});
