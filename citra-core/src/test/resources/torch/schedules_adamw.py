# The reference figures of LrScheduleTest and AdamWTest, computed once with Debian's /usr/bin/python3 (3.11)
# and torch 2.13.0+cpu in a venv: python3 -m venv env && env/bin/pip install torch && env/bin/python schedules_adamw.py
import math, torch
torch.set_printoptions(precision=10)
# Schedules
def run(sched_factory, steps):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=0.1)
    s = sched_factory(opt)
    out = []
    for _ in range(steps):
        out.append(opt.param_groups[0]['lr'])
        opt.step(); s.step()
    return out
print("onecycle20", run(lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=0.1, total_steps=20), 20))
print("onecycle20_pct025", run(lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=0.1, total_steps=20, pct_start=0.25), 20))
print("cosine20", run(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=20), 20))
# AdamW on a dense 64->2 layer, softmax cross-entropy, two steps
W = torch.tensor([[math.sin(0.1 * (i * 64 + j)) * 0.1 for j in range(64)] for i in range(2)], dtype=torch.float32, requires_grad=True)
b = torch.tensor([0.05, -0.05], dtype=torch.float32, requires_grad=True)
x = torch.tensor([[math.sin((n * 64 + k) * 0.37) for k in range(64)] for n in range(2)], dtype=torch.float32)
y = torch.tensor([0, 1])
opt = torch.optim.AdamW([W, b], lr=0.01, weight_decay=0.1)
for step in range(2):
    opt.zero_grad()
    loss = torch.nn.functional.cross_entropy(x @ W.T + b, y)
    loss.backward()
    opt.step()
print("W0", [float(v) for v in W.detach()[0, :6]])
print("W1", [float(v) for v in W.detach()[1, 60:64]])
print("b", [float(v) for v in b.detach()])
print("torch", torch.__version__)
