import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.js';

describe('detectLanguage', () => {
  it.each([
    ['en', 'Can you explain how garbage collection works in Java?'],
    ['de', 'Kannst du mir erklären, wie die Garbage Collection in Java funktioniert?'],
    ['fr', 'Peux-tu m’expliquer comment fonctionne le ramasse-miettes en Java ?'],
    ['es', '¿Podrías explicarme cómo funciona el recolector de basura en Java?'],
    ['it', 'Scrivi una poesia sull’autunno e sulle foglie che cadono'],
    ['pt', 'Você pode me explicar como funciona o coletor de lixo em Java?'],
    ['nl', 'Schrijf een gedicht over de herfst'],
    ['sv', 'Kan du förklara hur skräpsamling fungerar i Java?'],
    ['pl', 'Napisz wiersz o jesieni i spadających liściach'],
    ['tr', 'Sonbahar hakkında bir şiir yaz'],
    ['ru', 'Объясни, пожалуйста, как работает сборщик мусора в Java и чем он отличается от подсчёта ссылок.'],
    ['uk', 'Поясни, будь ласка, як працює збирач сміття в Java.'],
    ['ar', 'اكتب قصيدة عن الخريف'],
    ['hi', 'शरद ऋतु के बारे में एक कविता लिखें'],
    ['mr', 'मला जावामध्ये गार्बेज कलेक्शन कसे काम करते ते समजावून सांगा'],
    ['zh', '写一首关于秋天的诗'],
    ['ja', '秋についての詩を書いてください'],
    ['ko', '가을에 관한 시를 써 주세요'],
  ])('%s: %s', (expected, prompt) => {
    expect(detectLanguage(prompt)).toBe(expected);
  });

  it.each(['hi', 'ok thanks', 'Hallo', 'Bonjour', 'lol', '你好', '12345 67890', 'https://example.com/some/page', ''])('is null for a short prompt: %j', (prompt) => {
    expect(detectLanguage(prompt)).toBeNull();
  });

  it('is null rather than a coin toss between close languages', () => {
    // eld's own top two: bg 0.832 and ru 0.830 (the prompt is Russian).
    expect(detectLanguage('Напиши стихотворение об осени')).toBeNull();
    // Norwegian that eld scores Danish by a hair.
    expect(detectLanguage('Kan du forklare hvordan søppelinnsamling fungerer i Java?')).toBeNull();
  });

  it('judges the prose around code, not the code', () => {
    const prompt = 'Was macht dieser Code genau?\n```python\nprint("hello world, this is some english text in a string")\n```';
    expect(detectLanguage(prompt)).toBe('de');
    expect(detectLanguage('```python\nprint("what does this function print for me")\n```')).toBeNull();
    expect(detectLanguage('Warum schlägt `git rebase --onto main feature` bei mir fehl?')).toBe('de');
  });
});
