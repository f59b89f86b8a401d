/**
 * Generates a tiny model with the interface of a BERT sentence-transformers export, for
 * testing the transformers encoder's loading code offline (no pretrained ONNX model can
 * be obtained on the project's machines).
 *
 * Graph: last_hidden_state = (word_emb[input_ids] + type_emb[token_type_ids]) * attention_mask,
 * with seeded random embeddings. Plus a WordPiece tokenizer over a small hand-written
 * vocabulary. Written in the layout transformers.js reads:
 *   <root>/<name>/{config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx}
 */
import { onnx } from 'onnx-proto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng } from '../../src/core/random';

const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

const WORDS = `
input output none nothing identity residual connection skip mapping to the next layer a an of with is and by
convolution convolutional conv depthwise depth wise separable dilated dilation grouped group pointwise point
pooling pool max average avg global kernel size stride padding applied succeeded followed batch normalization
batchnorm relu rectified linear activation operator operation zero zeros layer block cell node edge attention
self head multi transformer squeeze excitation channel spatial shuffle inverted bottleneck expansion mobile
dense fully connected dropout gelu swish sigmoid tanh softmax upsample downsample transpose deconvolution
one two three five seven
`.split(/\s+/).filter(Boolean);

const PUNCT = ['.', ',', '-', '(', ')', '/', ':', "'", 'x'];

/** [PAD] [UNK] [CLS] [SEP] [MASK], letters, digits, punctuation, ##-continuations, whole words. */
export function tinyVocabulary(): string[] {
  const chars = [...'abcdefghijklmnopqrstuvwxyz0123456789'];
  const vocab = [...SPECIAL, ...chars, ...PUNCT.filter((p) => !chars.includes(p)), ...chars.map((c) => '##' + c)];
  for (const w of WORDS) if (!vocab.includes(w)) vocab.push(w);
  for (const suffix of ['##s', '##ing', '##ed', '##ion', '##al']) vocab.push(suffix);
  return vocab;
}

function tensor(name: string, dims: number[], data: Float32Array | BigInt64Array, type: onnx.TensorProto.DataType): onnx.ITensorProto {
  return { name, dims, dataType: type, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

function valueInfo(name: string, elemType: onnx.TensorProto.DataType, dims: Array<string | number>): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

/** Serialised ONNX model bytes. */
export function tinyBertOnnx(vocabSize: number, hidden: number, seed: number): Uint8Array {
  const rng = createRng(seed);
  const word = new Float32Array(vocabSize * hidden).map(() => rng.next() * 2 - 1);
  const type = new Float32Array(2 * hidden).map(() => (rng.next() * 2 - 1) * 0.1);
  const F = onnx.TensorProto.DataType.FLOAT;
  const I64 = onnx.TensorProto.DataType.INT64;
  const graph: onnx.IGraphProto = {
    name: 'tiny_bert',
    initializer: [
      tensor('word_embeddings', [vocabSize, hidden], word, F),
      tensor('token_type_embeddings', [2, hidden], type, F),
      tensor('unsqueeze_axes', [1], BigInt64Array.from([2n]), I64),
    ],
    node: [
      { opType: 'Gather', input: ['word_embeddings', 'input_ids'], output: ['words'], name: 'gather_words', attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }] },
      { opType: 'Gather', input: ['token_type_embeddings', 'token_type_ids'], output: ['types'], name: 'gather_types', attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }] },
      { opType: 'Add', input: ['words', 'types'], output: ['summed'], name: 'add' },
      { opType: 'Cast', input: ['attention_mask'], output: ['mask_f'], name: 'cast_mask', attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: F }] },
      { opType: 'Unsqueeze', input: ['mask_f', 'unsqueeze_axes'], output: ['mask_3d'], name: 'unsqueeze_mask' },
      { opType: 'Mul', input: ['summed', 'mask_3d'], output: ['last_hidden_state'], name: 'mask' },
    ],
    input: ['input_ids', 'attention_mask', 'token_type_ids'].map((n) => valueInfo(n, I64, ['batch_size', 'sequence_length'])),
    output: [valueInfo('last_hidden_state', F, ['batch_size', 'sequence_length', hidden])],
  };
  const model: onnx.IModelProto = {
    irVersion: 8,
    producerName: 'tgnas-test-tiny-onnx',
    opsetImport: [{ domain: '', version: 14 }],
    graph,
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

function tokenizerJson(vocab: string[]): object {
  const ids = Object.fromEntries(vocab.map((t, i) => [t, i]));
  const special = (t: string) => ({ id: ids[t], content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  const tok = (t: string) => ({ SpecialToken: { id: t, type_id: 0 } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL.map(special),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [tok('[CLS]'), { Sequence: { id: 'A', type_id: 0 } }, tok('[SEP]')],
      pair: [tok('[CLS]'), { Sequence: { id: 'A', type_id: 0 } }, tok('[SEP]'), { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } }],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [ids[t]], tokens: [t] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: ids },
  };
}

export interface TinyModel {
  /** Parent folder: the `localModelPath`. */
  root: string;
  name: string;
  folder: string;
  dimension: number;
  vocabulary: string[];
}

/** Writes the tiny model under `root/name`. A few tens of KB. */
export function writeTinyBertModel(root: string, name = 'tiny-bert', hidden = 32, seed = 7): TinyModel {
  const vocab = tinyVocabulary();
  const folder = join(root, name);
  mkdirSync(join(folder, 'onnx'), { recursive: true });
  writeFileSync(join(folder, 'onnx', 'model.onnx'), tinyBertOnnx(vocab.length, hidden, seed));
  writeFileSync(join(folder, 'tokenizer.json'), JSON.stringify(tokenizerJson(vocab)));
  writeFileSync(
    join(folder, 'tokenizer_config.json'),
    JSON.stringify({
      tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 128, clean_up_tokenization_spaces: true,
      cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]', mask_token: '[MASK]',
    }),
  );
  writeFileSync(
    join(folder, 'config.json'),
    JSON.stringify({
      model_type: 'bert', architectures: ['BertModel'], hidden_size: hidden, vocab_size: vocab.length,
      num_hidden_layers: 1, num_attention_heads: 1, intermediate_size: hidden, max_position_embeddings: 128,
      type_vocab_size: 2, pad_token_id: 0,
    }),
  );
  return { root, name, folder, dimension: hidden, vocabulary: vocab };
}
