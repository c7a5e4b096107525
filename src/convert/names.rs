//! CTranslate2 variable names → whisper.cpp tensor names. Fused projections are split by rows:
//! self-attention `linear_0` holds query, key and value; cross-attention `linear_1` holds key and
//! value. whisper.cpp has no key bias, so that slice is dropped: a bias added to every key shifts
//! all attention logits of a query equally and softmax ignores it.

use std::sync::OnceLock;

use regex::Regex;

/// What becomes of one CTranslate2 variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mapping {
    /// Not a weight whisper.cpp loads (tied output projection).
    Skip,
    /// Split the rows into `parts.len()` equal slices; slice `i` becomes tensor `parts[i]`, or is
    /// dropped when `None`. One part means the whole variable.
    Rows(Vec<Option<String>>),
}

fn whole(name: String) -> Option<Mapping> {
    Some(Mapping::Rows(vec![Some(name)]))
}

/// The mapping of `name`, or `None` when it is no known Whisper weight.
pub fn map_name(name: &str) -> Option<Mapping> {
    let (side, rest) = name.split_once('/')?;
    if side != "encoder" && side != "decoder" {
        return None;
    }
    // `encoder/layer_norm` also starts with "layer_": only `layer_<digits>/` is a block.
    static BLOCK: OnceLock<Regex> = OnceLock::new();
    let block =
        BLOCK.get_or_init(|| Regex::new(r"^layer_(\d+)/(.+)$").unwrap_or_else(|_| unreachable!()));
    if let Some(c) = block.captures(rest) {
        let index: usize = c[1].parse().ok()?;
        return map_block(&format!("{side}.blocks.{index}"), side == "decoder", &c[2]);
    }
    let mapped = match (side, rest) {
        ("encoder", "conv1/weight") => "encoder.conv1.weight",
        ("encoder", "conv1/bias") => "encoder.conv1.bias",
        ("encoder", "conv2/weight") => "encoder.conv2.weight",
        ("encoder", "conv2/bias") => "encoder.conv2.bias",
        ("encoder", "position_encodings/encodings") => "encoder.positional_embedding",
        ("encoder", "layer_norm/gamma") => "encoder.ln_post.weight",
        ("encoder", "layer_norm/beta") => "encoder.ln_post.bias",
        ("decoder", "embeddings/weight") => "decoder.token_embedding.weight",
        ("decoder", "position_encodings/encodings") => "decoder.positional_embedding",
        ("decoder", "layer_norm/gamma") => "decoder.ln.weight",
        ("decoder", "layer_norm/beta") => "decoder.ln.bias",
        // Whisper ties the output projection to the token embedding.
        ("decoder", "projection/weight") => return Some(Mapping::Skip),
        _ => return None,
    };
    whole(mapped.to_string())
}

fn map_block(p: &str, decoder: bool, rest: &str) -> Option<Mapping> {
    let (module, param) = rest.rsplit_once('/')?;
    let norm = |target: &str| match param {
        "gamma" => whole(format!("{p}.{target}.weight")),
        "beta" => whole(format!("{p}.{target}.bias")),
        _ => None,
    };
    let linear = |target: &str| match param {
        "weight" | "bias" => whole(format!("{p}.{target}.{param}")),
        _ => None,
    };
    match (module, decoder) {
        ("self_attention/layer_norm", _) => norm("attn_ln"),
        ("self_attention/linear_0", _) => Some(Mapping::Rows(vec![
            Some(format!("{p}.attn.query.{param}")),
            (param == "weight").then(|| format!("{p}.attn.key.weight")),
            Some(format!("{p}.attn.value.{param}")),
        ]))
        .filter(|_| param == "weight" || param == "bias"),
        ("self_attention/linear_1", _) => linear("attn.out"),
        ("attention/layer_norm", true) => norm("cross_attn_ln"),
        ("attention/linear_0", true) => linear("cross_attn.query"),
        ("attention/linear_1", true) => Some(Mapping::Rows(vec![
            (param == "weight").then(|| format!("{p}.cross_attn.key.weight")),
            Some(format!("{p}.cross_attn.value.{param}")),
        ]))
        .filter(|_| param == "weight" || param == "bias"),
        ("attention/linear_2", true) => linear("cross_attn.out"),
        ("ffn/layer_norm", _) => norm("mlp_ln"),
        ("ffn/linear_0", _) => linear("mlp.0"),
        ("ffn/linear_1", _) => linear("mlp.2"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(name: &str) -> String {
        match map_name(name) {
            Some(Mapping::Rows(parts)) if parts.len() == 1 => parts[0].clone().unwrap(),
            other => panic!("{name}: {other:?}"),
        }
    }

    fn rows(name: &str) -> Vec<Option<String>> {
        match map_name(name) {
            Some(Mapping::Rows(parts)) => parts,
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn top_level_layer_norm_is_not_mistaken_for_a_block() {
        assert_eq!(one("encoder/layer_norm/gamma"), "encoder.ln_post.weight");
        assert_eq!(one("decoder/layer_norm/beta"), "decoder.ln.bias");
        assert_eq!(
            one("encoder/layer_12/ffn/layer_norm/gamma"),
            "encoder.blocks.12.mlp_ln.weight"
        );
    }

    #[test]
    fn fused_self_attention_splits_into_query_key_value_and_drops_the_key_bias() {
        assert_eq!(
            rows("decoder/layer_3/self_attention/linear_0/weight"),
            vec![
                Some("decoder.blocks.3.attn.query.weight".into()),
                Some("decoder.blocks.3.attn.key.weight".into()),
                Some("decoder.blocks.3.attn.value.weight".into()),
            ]
        );
        assert_eq!(
            rows("encoder/layer_0/self_attention/linear_0/bias"),
            vec![
                Some("encoder.blocks.0.attn.query.bias".into()),
                None,
                Some("encoder.blocks.0.attn.value.bias".into())
            ]
        );
    }

    #[test]
    fn fused_cross_attention_splits_into_key_and_value() {
        assert_eq!(
            rows("decoder/layer_1/attention/linear_1/bias"),
            vec![None, Some("decoder.blocks.1.cross_attn.value.bias".into())]
        );
        assert_eq!(
            one("decoder/layer_1/attention/linear_0/weight"),
            "decoder.blocks.1.cross_attn.query.weight"
        );
        assert_eq!(
            one("decoder/layer_1/attention/linear_2/bias"),
            "decoder.blocks.1.cross_attn.out.bias"
        );
        assert_eq!(
            one("decoder/layer_1/attention/layer_norm/gamma"),
            "decoder.blocks.1.cross_attn_ln.weight"
        );
    }

    #[test]
    fn feed_forward_and_embeddings_get_whisper_names() {
        assert_eq!(
            one("encoder/layer_2/ffn/linear_0/weight"),
            "encoder.blocks.2.mlp.0.weight"
        );
        assert_eq!(
            one("encoder/layer_2/ffn/linear_1/bias"),
            "encoder.blocks.2.mlp.2.bias"
        );
        assert_eq!(
            one("encoder/layer_2/self_attention/linear_1/weight"),
            "encoder.blocks.2.attn.out.weight"
        );
        assert_eq!(
            one("decoder/embeddings/weight"),
            "decoder.token_embedding.weight"
        );
        assert_eq!(
            one("encoder/position_encodings/encodings"),
            "encoder.positional_embedding"
        );
        assert_eq!(one("encoder/conv2/bias"), "encoder.conv2.bias");
        assert_eq!(map_name("decoder/projection/weight"), Some(Mapping::Skip));
    }

    #[test]
    fn unknown_names_are_not_guessed() {
        assert_eq!(map_name("encoder/layer_0/attention/linear_0/weight"), None); // no cross-attention in the encoder
        assert_eq!(map_name("encoder/layer_x/ffn/linear_0/weight"), None);
        assert_eq!(map_name("decoder/layer_0/ffn/linear_0/scale"), None);
        assert_eq!(map_name("decoder/num_heads"), None);
        assert_eq!(map_name("model/weight"), None);
    }
}
