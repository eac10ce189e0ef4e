# Independent float64 numpy re-implementation of open_clip's CLIP forward, to produce a second fixture set of the
# same layout with different sizes (non-square image, rectangular grid, head_width 16, mlp_ratio 2.5, QuickGELU,
# short context). It proves the parity tests hard-code nothing; it is NOT an open_clip reference (that is ../shared).
import json, os, struct, math
import numpy as np

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'resources', 'second-fixture-set', 'open_clip')
os.makedirs(out + '/inputs', exist_ok=True); os.makedirs(out + '/outputs/intermediates', exist_ok=True)
cfg = {"embed_dim": 24, "quick_gelu": True,
       "vision_cfg": {"image_size": [40, 56], "layers": 3, "width": 48, "patch_size": 8, "head_width": 16, "mlp_ratio": 2.5},
       "text_cfg": {"context_length": 12, "vocab_size": 50, "width": 40, "heads": 5, "layers": 2, "mlp_ratio": 3.0}}
json.dump(cfg, open(out + '/config.json', 'w'), indent=1)
rng = np.random.default_rng(7)
E = cfg['embed_dim']; V = cfg['vision_cfg']; T = cfg['text_cfg']
H, W = V['image_size']; P = V['patch_size']; gh, gw = H // P, W // P; N = gh * gw; vw = V['width']
vmlp = int(vw * V['mlp_ratio']); tw = T['width']; tmlp = int(tw * T['mlp_ratio']); L = T['context_length']
w = {}
def mat(*s): return rng.standard_normal(s) / math.sqrt(s[-1] if len(s) == 2 else np.prod(s[1:]))
def block(p, d, m):
    w[p+'ln_1.weight'] = 1 + 0.1*rng.standard_normal(d); w[p+'ln_1.bias'] = 0.05*rng.standard_normal(d)
    w[p+'attn.in_proj_weight'] = mat(3*d, d); w[p+'attn.in_proj_bias'] = 0.05*rng.standard_normal(3*d)
    w[p+'attn.out_proj.weight'] = mat(d, d); w[p+'attn.out_proj.bias'] = 0.05*rng.standard_normal(d)
    w[p+'ln_2.weight'] = 1 + 0.1*rng.standard_normal(d); w[p+'ln_2.bias'] = 0.05*rng.standard_normal(d)
    w[p+'mlp.c_fc.weight'] = mat(m, d); w[p+'mlp.c_fc.bias'] = 0.05*rng.standard_normal(m)
    w[p+'mlp.c_proj.weight'] = mat(d, m); w[p+'mlp.c_proj.bias'] = 0.05*rng.standard_normal(d)
w['visual.conv1.weight'] = mat(vw, 3, P, P); w['visual.class_embedding'] = vw**-0.5*rng.standard_normal(vw)
w['visual.positional_embedding'] = vw**-0.5*rng.standard_normal((N+1, vw))
w['visual.ln_pre.weight'] = 1+0.1*rng.standard_normal(vw); w['visual.ln_pre.bias'] = 0.05*rng.standard_normal(vw)
for i in range(V['layers']): block(f'visual.transformer.resblocks.{i}.', vw, vmlp)
w['visual.ln_post.weight'] = 1+0.1*rng.standard_normal(vw); w['visual.ln_post.bias'] = 0.05*rng.standard_normal(vw)
w['visual.proj'] = mat(vw, E)
w['token_embedding.weight'] = 0.5*rng.standard_normal((T['vocab_size'], tw)); w['positional_embedding'] = 0.2*rng.standard_normal((L, tw))
for i in range(T['layers']): block(f'transformer.resblocks.{i}.', tw, tmlp)
w['ln_final.weight'] = 1+0.1*rng.standard_normal(tw); w['ln_final.bias'] = 0.05*rng.standard_normal(tw)
w['text_projection'] = mat(tw, E); w['logit_scale'] = np.array(math.log(1/0.07))
w = {k: np.asarray(v, dtype=np.float32) for k, v in w.items()}
# safetensors writer (F32)
header = {}; off = 0; blobs = []
for k in sorted(w):
    b = w[k].astype('<f4').tobytes(); header[k] = {"dtype": "F32", "shape": list(w[k].shape), "data_offsets": [off, off+len(b)]}; off += len(b); blobs.append(b)
hj = json.dumps(header).encode(); hj += b' ' * ((8 - len(hj) % 8) % 8)
with open(out + '/model.safetensors', 'wb') as f: f.write(struct.pack('<Q', len(hj))); f.write(hj); [f.write(b) for b in blobs]
w = {k: v.astype(np.float64) for k, v in w.items()}

def ln(x, p): m = x.mean(-1, keepdims=True); v = ((x-m)**2).mean(-1, keepdims=True); return (x-m)/np.sqrt(v+1e-5)*w[p+'.weight']+w[p+'.bias']
def act(x): return x/(1+np.exp(-1.702*x))
def resblock(x, p, heads, mask):
    B, S, D = x.shape; hd = D // heads
    y = ln(x, p+'ln_1'); qkv = y @ w[p+'attn.in_proj_weight'].T + w[p+'attn.in_proj_bias']
    q, k, v = [qkv[..., i*D:(i+1)*D].reshape(B, S, heads, hd).transpose(0, 2, 1, 3) for i in range(3)]
    s = (q / math.sqrt(hd)) @ k.transpose(0, 1, 3, 2)
    if mask is not None: s = s + mask
    s = s - s.max(-1, keepdims=True); pr = np.exp(s); pr /= pr.sum(-1, keepdims=True)
    o = (pr @ v).transpose(0, 2, 1, 3).reshape(B, S, D) @ w[p+'attn.out_proj.weight'].T + w[p+'attn.out_proj.bias']
    x = x + o
    y = ln(x, p+'ln_2'); h = act(y @ w[p+'mlp.c_fc.weight'].T + w[p+'mlp.c_fc.bias'])
    return x + h @ w[p+'mlp.c_proj.weight'].T + w[p+'mlp.c_proj.bias']

images = rng.standard_normal((3, 3, H, W)).astype(np.float32); np.save(out + '/inputs/images_preprocessed.npy', images)
x = images.astype(np.float64)
patches = x.reshape(3, 3, gh, P, gw, P).transpose(0, 2, 4, 1, 3, 5).reshape(3, N, 3*P*P) @ w['visual.conv1.weight'].reshape(vw, -1).T
fm = np.concatenate([np.broadcast_to(w['visual.class_embedding'], (3, 1, vw)), patches], 1) + w['visual.positional_embedding']
inter = {'feature_map': fm}
def vision_trunk(t, record):
    t = ln(t, 'visual.ln_pre')
    if record: inter['visual_ln_pre'] = t
    for i in range(V['layers']):
        t = resblock(t, f'visual.transformer.resblocks.{i}.', vw // V['head_width'], None)
        if record: inter[f'visual_block_{i}'] = t
    return ln(t, 'visual.ln_post')
post = vision_trunk(fm, True)
img = post[:, 0] @ w['visual.proj']
masks = np.array([[r*gw+c, r*gw+c+1, (r+1)*gw+c, (r+1)*gw+c+1] for r in range(gh-1) for c in range(gw-1)], dtype=np.int64)
np.save(out + '/inputs/window_masks.npy', masks)
win = np.stack([vision_trunk(fm[:, np.concatenate([[0], m+1])], False)[:, 0] @ w['visual.proj'] for m in masks], 1)
ids = np.zeros((3, L), dtype=np.int64); eot = T['vocab_size'] - 1
for r, n in enumerate([3, 0, L-2]):
    ids[r, 0] = eot - 1; ids[r, 1:1+n] = rng.integers(1, eot-1, n); ids[r, 1+n] = eot
np.save(out + '/inputs/text_tokens.npy', ids)
t = w['token_embedding.weight'][ids] + w['positional_embedding']
mask = np.triu(np.full((L, L), -np.inf), 1)
for i in range(T['layers']):
    t = resblock(t, f'transformer.resblocks.{i}.', T['heads'], mask); inter[f'text_block_{i}'] = t
t = ln(t, 'ln_final'); inter['text_ln_final'] = t
txt = t[np.arange(3), ids.argmax(-1)] @ w['text_projection']
n = lambda a: a / np.linalg.norm(a, axis=-1, keepdims=True)
outs = {'image_features': img, 'image_features_normalized': n(img), 'patch_tokens': post[:, 1:], 'text_features': txt,
        'text_features_normalized': n(txt), 'logits_per_image': math.exp(w['logit_scale']) * n(img) @ n(txt).T, 'window_embeddings': win}
for k, v in outs.items(): np.save(f'{out}/outputs/{k}.npy', v.astype(np.float32))
for k, v in inter.items(): np.save(f'{out}/outputs/intermediates/{k}.npy', v.astype(np.float32))
print('written', sorted(outs), sorted(inter))
