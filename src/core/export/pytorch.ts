/**
 * Cell -> a self-contained PyTorch `.py` (needs only torch; never imports this project).
 *
 *   const { code } = exportPytorch({ name: 'best', cell, space: getSpace('nb201')! });
 *
 * NB201 cells: the NAS-Bench-201 network (stem, 3 stages x 5 cells, ResNet reduction blocks, classifier).
 * DARTS genotypes: the DARTS evaluation network (NetworkCIFAR, no auxiliary head, no drop-path).
 * NB101 / graph cells: an operator-as-node network (every node applies its operator to the sum of its
 * inputs; channels stay constant inside a cell, unlike nasbench's channel split). Whole-network
 * benchmark cells (TransNAS-Bench-101 macro, NAS-Bench-MR) are not exported (an Error says so).
 * Operators without a known implementation become a placeholder module that raises
 * NotImplementedError, with the description TG-NAS scored it from.
 */
import type { SearchSpace } from '../spaces/space';
import type { Cell, DartsPairs, GraphCell } from '../types';
import { toGraphCell } from '../formats/convert';

export interface PytorchExport {
  fileName: string;
  code: string;
  /** Operators exported as NotImplementedError placeholders. */
  placeholders: string[];
}

export interface ExportInput {
  name?: string;
  cell: Cell;
  space: SearchSpace;
  /** Extra line for the header, e.g. the predicted score. */
  note?: string;
}

/** Known operators: a Python expression over C_in, C_out, stride. */
const OPS: Record<string, string> = {
  none: 'Zero(C_in, C_out, stride)',
  skip_connect: 'Identity() if stride == 1 and C_in == C_out else FactorizedReduce(C_in, C_out, stride)',
  nor_conv_1x1: 'ReLUConvBN(C_in, C_out, 1, stride, 0, 1)',
  nor_conv_3x3: 'ReLUConvBN(C_in, C_out, 3, stride, 1, 1)',
  avg_pool_3x3: "Pooling(C_in, C_out, stride, 'avg')",
  max_pool_3x3: "Pooling(C_in, C_out, stride, 'max')",
  sep_conv_3x3: 'SepConv(C_in, C_out, 3, stride, 1)',
  sep_conv_5x5: 'SepConv(C_in, C_out, 5, stride, 2)',
  sep_conv_7x7: 'SepConv(C_in, C_out, 7, stride, 3)',
  dil_conv_3x3: 'DilConv(C_in, C_out, 3, stride, 2, 2)',
  dil_conv_5x5: 'DilConv(C_in, C_out, 5, stride, 4, 2)',
  conv_7x1_1x7: 'Conv7x1x1x7(C_in, C_out, stride)',
  'conv3x3-bn-relu': 'ConvBNReLU(C_in, C_out, 3, stride, 1)',
  'conv1x1-bn-relu': 'ConvBNReLU(C_in, C_out, 1, stride, 0)',
  maxpool3x3: "Pooling(C_in, C_out, stride, 'max')",
};

const LIBRARY = `
class ReLUConvBN(nn.Module):
    def __init__(self, C_in, C_out, kernel, stride, padding, dilation):
        super().__init__()
        self.op = nn.Sequential(
            nn.ReLU(inplace=False),
            nn.Conv2d(C_in, C_out, kernel, stride=stride, padding=padding, dilation=dilation, bias=False),
            nn.BatchNorm2d(C_out),
        )

    def forward(self, x):
        return self.op(x)


class ConvBNReLU(nn.Module):
    def __init__(self, C_in, C_out, kernel, stride, padding):
        super().__init__()
        self.op = nn.Sequential(
            nn.Conv2d(C_in, C_out, kernel, stride=stride, padding=padding, bias=False),
            nn.BatchNorm2d(C_out),
            nn.ReLU(inplace=False),
        )

    def forward(self, x):
        return self.op(x)


class DilConv(nn.Module):
    def __init__(self, C_in, C_out, kernel, stride, padding, dilation):
        super().__init__()
        self.op = nn.Sequential(
            nn.ReLU(inplace=False),
            nn.Conv2d(C_in, C_in, kernel, stride=stride, padding=padding, dilation=dilation, groups=C_in, bias=False),
            nn.Conv2d(C_in, C_out, 1, bias=False),
            nn.BatchNorm2d(C_out),
        )

    def forward(self, x):
        return self.op(x)


class SepConv(nn.Module):
    def __init__(self, C_in, C_out, kernel, stride, padding):
        super().__init__()
        self.op = nn.Sequential(
            DilConv(C_in, C_in, kernel, stride, padding, 1),
            DilConv(C_in, C_out, kernel, 1, padding, 1),
        )

    def forward(self, x):
        return self.op(x)


class Conv7x1x1x7(nn.Module):
    def __init__(self, C_in, C_out, stride):
        super().__init__()
        self.op = nn.Sequential(
            nn.ReLU(inplace=False),
            nn.Conv2d(C_in, C_in, (1, 7), stride=(1, stride), padding=(0, 3), bias=False),
            nn.Conv2d(C_in, C_out, (7, 1), stride=(stride, 1), padding=(3, 0), bias=False),
            nn.BatchNorm2d(C_out),
        )

    def forward(self, x):
        return self.op(x)


class Pooling(nn.Module):
    def __init__(self, C_in, C_out, stride, mode):
        super().__init__()
        self.preprocess = None if C_in == C_out else ReLUConvBN(C_in, C_out, 1, 1, 0, 1)
        if mode == 'avg':
            self.op = nn.AvgPool2d(3, stride=stride, padding=1, count_include_pad=False)
        else:
            self.op = nn.MaxPool2d(3, stride=stride, padding=1)

    def forward(self, x):
        return self.op(self.preprocess(x) if self.preprocess is not None else x)


class Identity(nn.Module):
    def forward(self, x):
        return x


class Zero(nn.Module):
    def __init__(self, C_in, C_out, stride):
        super().__init__()
        self.C_out = C_out
        self.stride = stride

    def forward(self, x):
        x = x[:, :, ::self.stride, ::self.stride]
        if x.size(1) == self.C_out:
            return x.mul(0.0)
        shape = list(x.shape)
        shape[1] = self.C_out
        return x.new_zeros(shape)


class FactorizedReduce(nn.Module):
    def __init__(self, C_in, C_out, stride=2):
        super().__init__()
        self.relu = nn.ReLU(inplace=False)
        self.stride = stride
        if stride == 1:
            self.convs = nn.ModuleList([nn.Conv2d(C_in, C_out, 1, bias=False)])
        else:
            half = C_out // 2
            self.convs = nn.ModuleList([
                nn.Conv2d(C_in, half, 1, stride=stride, bias=False),
                nn.Conv2d(C_in, C_out - half, 1, stride=stride, bias=False),
            ])
        self.bn = nn.BatchNorm2d(C_out)

    def forward(self, x):
        x = self.relu(x)
        if self.stride == 1:
            return self.bn(self.convs[0](x))
        y = F.pad(x[:, :, 1:, 1:], (0, 1, 0, 1))
        return self.bn(torch.cat([self.convs[0](x), self.convs[1](y)], dim=1))
`;

const NB201 = `
class ResNetBasicBlock(nn.Module):
    """NAS-Bench-201's reduction block between stages."""

    def __init__(self, C_in, C_out, stride):
        super().__init__()
        self.conv_a = ReLUConvBN(C_in, C_out, 3, stride, 1, 1)
        self.conv_b = ReLUConvBN(C_out, C_out, 3, 1, 1, 1)
        self.downsample = nn.Sequential(nn.AvgPool2d(2, stride=2, padding=0), nn.Conv2d(C_in, C_out, 1, bias=False))

    def forward(self, x):
        return self.downsample(x) + self.conv_b(self.conv_a(x))


class Cell(nn.Module):
    """Node j (1..3) sums op(i -> j)(node i) over i < j; node 3 is the output."""

    def __init__(self, C):
        super().__init__()
        self.edges = nn.ModuleDict()
        for i, j, op in EDGES:
            self.edges[f'{j}<-{i}'] = make_op(op, C, C, 1)

    def forward(self, x):
        nodes = [x]
        for j in range(1, 4):
            nodes.append(sum(self.edges[f'{j}<-{i}'](nodes[i]) for i in range(j)))
        return nodes[3]


class Network(nn.Module):
    """NAS-Bench-201 network: stem, 3 stages of N cells, ResNet reduction blocks, classifier."""

    def __init__(self, C=16, N=5, num_classes=10):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, C, 3, padding=1, bias=False), nn.BatchNorm2d(C))
        layers = []
        C_prev = C
        for stage, C_stage in enumerate([C, 2 * C, 4 * C]):
            if stage > 0:
                layers.append(ResNetBasicBlock(C_prev, C_stage, 2))
            layers.extend(Cell(C_stage) for _ in range(N))
            C_prev = C_stage
        self.cells = nn.Sequential(*layers)
        self.lastact = nn.Sequential(nn.BatchNorm2d(C_prev), nn.ReLU(inplace=True))
        self.global_pooling = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(C_prev, num_classes)

    def forward(self, x):
        x = self.lastact(self.cells(self.stem(x)))
        return self.classifier(torch.flatten(self.global_pooling(x), 1))
`;

const DARTS = `
class Cell(nn.Module):
    """DARTS evaluation cell: pair i feeds intermediate node 2 + i // 2; the concat nodes form the output."""

    def __init__(self, pairs, concat, C_prev_prev, C_prev, C, reduction, reduction_prev):
        super().__init__()
        self.preprocess0 = FactorizedReduce(C_prev_prev, C) if reduction_prev else ReLUConvBN(C_prev_prev, C, 1, 1, 0, 1)
        self.preprocess1 = ReLUConvBN(C_prev, C, 1, 1, 0, 1)
        self.indices = [index for _, index in pairs]
        self.concat = list(concat)
        self.multiplier = len(self.concat)
        self.ops = nn.ModuleList(
            make_op(op, C, C, 2 if reduction and index < 2 else 1) for op, index in pairs
        )

    def forward(self, s0, s1):
        states = [self.preprocess0(s0), self.preprocess1(s1)]
        for i in range(len(self.ops) // 2):
            a, b = 2 * i, 2 * i + 1
            states.append(self.ops[a](states[self.indices[a]]) + self.ops[b](states[self.indices[b]]))
        return torch.cat([states[i] for i in self.concat], dim=1)


class Network(nn.Module):
    """DARTS NetworkCIFAR: stem 3C, reduction cells at 1/3 and 2/3 of the depth, global pool, classifier."""

    def __init__(self, C=36, layers=20, num_classes=10):
        super().__init__()
        C_curr = 3 * C
        self.stem = nn.Sequential(nn.Conv2d(3, C_curr, 3, padding=1, bias=False), nn.BatchNorm2d(C_curr))
        C_prev_prev, C_prev, C_curr = C_curr, C_curr, C
        self.cells = nn.ModuleList()
        reduction_prev = False
        for i in range(layers):
            reduction = i in (layers // 3, 2 * layers // 3)
            if reduction:
                C_curr *= 2
            pairs, concat = (REDUCE, REDUCE_CONCAT) if reduction else (NORMAL, NORMAL_CONCAT)
            cell = Cell(pairs, concat, C_prev_prev, C_prev, C_curr, reduction, reduction_prev)
            self.cells.append(cell)
            reduction_prev = reduction
            C_prev_prev, C_prev = C_prev, cell.multiplier * C_curr
        self.global_pooling = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(C_prev, num_classes)

    def forward(self, x):
        s0 = s1 = self.stem(x)
        for cell in self.cells:
            s0, s1 = s1, cell(s0, s1)
        return self.classifier(torch.flatten(self.global_pooling(s1), 1))
`;

const GRAPH = `
class Cell(nn.Module):
    """Operator-as-node cell: every node applies its operator to the sum of its inputs; input nodes
    receive the cell input; the output node sums its inputs."""

    def __init__(self, C):
        super().__init__()
        self.inputs = [[src for src, dst in EDGES if dst == j] for j in range(len(NODES))]
        self.ops = nn.ModuleList(
            Identity() if op in ('input', 'output') else make_op(op, C, C, 1) for op in NODES
        )

    def forward(self, x):
        values = []
        for j, op in enumerate(NODES):
            h = x if op == 'input' else sum(values[i] for i in self.inputs[j])
            values.append(self.ops[j](h))
        return values[-1]


class Network(nn.Module):
    """Stem conv 3x3, stacks of cells with 2x2 max-pool and channel doubling between them, classifier."""

    def __init__(self, C=128, stacks=3, cells_per_stack=3, num_classes=10):
        super().__init__()
        layers = [ConvBNReLU(3, C, 3, 1, 1)]
        for s in range(stacks):
            if s > 0:
                layers += [nn.MaxPool2d(2, stride=2), ConvBNReLU(C, 2 * C, 1, 1, 0)]
                C *= 2
            layers += [Cell(C) for _ in range(cells_per_stack)]
        self.features = nn.Sequential(*layers)
        self.global_pooling = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(C, num_classes)

    def forward(self, x):
        return self.classifier(torch.flatten(self.global_pooling(self.features(x)), 1))
`;

const py = (s: string) => JSON.stringify(s); // a JSON string is a valid Python literal
const comment = (s: string) => s.replace(/[\r\n]+/g, ' ');
const className = (op: string) => `Placeholder_${op.replace(/[^A-Za-z0-9_]/g, '_')}`;

export function exportPytorch(input: ExportInput): PytorchExport {
  const { cell, space } = input;
  if (cell.kind === 'tnb101-macro' || cell.kind === 'nbmr') {
    throw new Error(`${space.label} networks are not exported: build them with the benchmark's own code ` +
      `(${cell.kind === 'nbmr' ? "NCP's MultiResolutionNet" : "TransNAS-Bench-101's MacroNet"})`);
  }
  const name = input.name ?? 'cell';
  const used = usedOps(cell);
  const placeholders = used.filter((o) => !(o in OPS));
  const lines: string[] = [];
  lines.push(
    `# ${name}: a ${space.label} cell exported by TG-NAS (tgnas-vscode) as a PyTorch model.`,
    '# Self-contained: needs only PyTorch. Build it with Network() and train as usual.',
  );
  if (input.note) lines.push(`# ${comment(input.note)}`);
  if (placeholders.length) {
    lines.push(`# NOT RUNNABLE YET: ${placeholders.join(', ')} ha${placeholders.length > 1 ? 've' : 's'} no implementation; see the`,
      '# Placeholder_* classes below (they raise NotImplementedError until you write forward()).');
  }
  lines.push('import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', '');
  lines.push(LIBRARY.trim(), '', '');
  for (const op of placeholders) {
    const desc = space.operator(op)?.description ?? '';
    lines.push(
      `class ${className(op)}(nn.Module):`,
      `    # PLACEHOLDER for the new operator '${comment(op)}'. TG-NAS scored it from its description only:`,
      `    #   ${comment(desc) || '(no description)'}`,
      '    # Implement it: map C_in channels to C_out channels with the given stride.',
      '',
      '    def __init__(self, C_in, C_out, stride):',
      '        super().__init__()',
      '        self.C_in, self.C_out, self.stride = C_in, C_out, stride',
      '',
      '    def forward(self, x):',
      `        raise NotImplementedError(${py(`operator '${op}' (${desc}) has no implementation yet`)})`,
      '', '',
    );
  }
  lines.push('OPS = {');
  for (const op of used) {
    lines.push(`    ${py(op)}: lambda C_in, C_out, stride: ${op in OPS ? OPS[op] : `${className(op)}(C_in, C_out, stride)`},`);
  }
  lines.push('}', '', '', 'def make_op(name, C_in, C_out, stride):', '    return OPS[name](C_in, C_out, stride)', '', '');

  switch (cell.kind) {
    case 'nb201': {
      const edges = [[0, 1], [0, 2], [1, 2], [0, 3], [1, 3], [2, 3]];
      lines.push('# (source node, target node, operator) in NAS-Bench-201 arch-string order.', 'EDGES = [');
      cell.ops.forEach((op, k) => lines.push(`    (${edges[k][0]}, ${edges[k][1]}, ${py(op)}),`));
      lines.push(']', '', NB201.trim());
      break;
    }
    case 'darts': {
      const pairs = (p: DartsPairs) => `[${p.map(([op, i]) => `(${py(op)}, ${i})`).join(', ')}]`;
      lines.push(
        `NORMAL = ${pairs(cell.normal)}`, `NORMAL_CONCAT = [${cell.normalConcat.join(', ')}]`,
        `REDUCE = ${pairs(cell.reduce)}`, `REDUCE_CONCAT = [${cell.reduceConcat.join(', ')}]`, '', DARTS.trim(),
      );
      break;
    }
    case 'nb101':
    case 'graph': {
      const g: GraphCell = toGraphCell(cell);
      lines.push('# Operator per node (topological order) and edges (source, target).', `NODES = [${g.ops.map(py).join(', ')}]`,
        `EDGES = [${g.edges.map(([a, b]) => `(${a}, ${b})`).join(', ')}]`, '', GRAPH.trim());
      break;
    }
  }
  lines.push('', '', "if __name__ == '__main__':", '    model = Network()',
    "    print(sum(p.numel() for p in model.parameters()) / 1e6, 'M parameters')");
  if (placeholders.length === 0) lines.push('    print(model(torch.randn(2, 3, 32, 32)).shape)');
  return { fileName: `${name.replace(/[^A-Za-z0-9_]/g, '_')}.py`, code: lines.join('\n') + '\n', placeholders };
}

function usedOps(cell: Exclude<Cell, { kind: 'tnb101-macro' | 'nbmr' }>): string[] {
  const ops =
    cell.kind === 'darts' ? [...cell.normal, ...cell.reduce].map((p) => p[0])
      : cell.kind === 'nb201' ? cell.ops
        : cell.ops.filter((o) => o !== 'input' && o !== 'output');
  return [...new Set(ops)];
}
