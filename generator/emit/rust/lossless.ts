/**
 * The lossless catch-all arm. serde 1.0.152 has no `#[serde(untagged)]` variants, so a union with an `unknown:`
 * arm derives serde with `#[serde(remote = "Self")]` (the derive then writes inherent `serialize`/`deserialize`
 * functions instead of the trait impls) and the arm itself `#[serde(skip)]`; hand-written trait impls route the
 * unknown tag to the arm and everything else to the derived code.
 *
 * Wire semantics (internally tagged, tag `t`): an object whose `t` member is a string no variant (or alias)
 * declares — exactly one `t` member — decodes to `Unknown { tag, payload }`, `payload` being every other member as
 * a json object (a repeated key: the last wins, as in any json value). It encodes as `{"t": tag, …payload}`: the
 * tag first, then the payload's members in json order (sorted), `t` itself skipped. Adjacently tagged (`t`, `c`):
 * `payload` is the content (`null` when absent); it encodes as `{"t": tag, "c": payload}`, without `c` when the
 * payload is `null`. Anything else (a missing, repeated or non-string tag, a known tag, an array) goes to the
 * derived code, so errors are serde's.
 *
 * To hand the input to the derived code after looking at the tag, the input is first buffered in `Content`, a json
 * tree that keeps member order and repeated keys (as serde's private buffer does), so `duplicate field` and every
 * other error the derived code raises are the same as without the arm. Buffered errors carry no position.
 */
import type { UnionDecl, Variant } from "../../ir/types";
import type { RustModule } from "./module";
import { constArray, rustStr } from "./syntax";

const I = "    ";

/** Module name of the support code inside each family module that needs it. */
export const SUPPORT_MODULE = "eventspec_lossless";

/** The `Serialize`/`Deserialize` impls of a union with a lossless arm. */
export function losslessImpls(m: RustModule, u: UnionDecl, arm: Variant): string[] {
  const tag = u.repr.kind === "internal" || u.repr.kind === "adjacent" ? u.repr.tag : undefined;
  if (tag === undefined) throw new Error(`lossless arm on ${u.repr.kind} union ${u.names.spec}`);
  const content = u.repr.kind === "adjacent" ? u.repr.content : undefined;
  const known = u.variants.filter((v) => v.shape.kind !== "lossless").flatMap((v) => [v.wire, ...v.aliases]);
  const ser = m.scope.sym("Serialize");
  const de = m.scope.sym("Deserialize");
  const serializer = m.scope.sym("Serializer");
  const deserializer = m.scope.sym("Deserializer");
  const name = u.names.rust;
  const arm_ = arm.names.rust;
  const s = SUPPORT_MODULE;
  const contentArg = content === undefined ? "None" : `Some(${rustStr(content)})`;
  return [
    `impl ${ser} for ${name} {`,
    `${I}fn serialize<S: ${serializer}>(&self, serializer: S) -> Result<S::Ok, S::Error> {`,
    `${I}${I}match self {`,
    `${I}${I}${I}Self::${arm_} { tag, payload } => {`,
    `${I}${I}${I}${I}${s}::serialize_unknown(serializer, ${rustStr(tag)}, ${contentArg}, tag, payload)`,
    `${I}${I}${I}}`,
    `${I}${I}${I}_ => ${name}::serialize(self, serializer),`,
    `${I}${I}}`,
    `${I}}`,
    "}",
    "",
    `impl<'de> ${de}<'de> for ${name} {`,
    `${I}fn deserialize<D: ${deserializer}<'de>>(deserializer: D) -> Result<Self, D::Error> {`,
    ...constArray(`${I}${I}const KNOWN: &[&str] = `, known.map(rustStr), I + I),
    `${I}${I}let content = ${s}::Content::deserialize(deserializer)?;`,
    `${I}${I}match ${s}::unknown(&content, ${rustStr(tag)}, ${contentArg}, KNOWN) {`,
    `${I}${I}${I}Some((tag, payload)) => Ok(Self::${arm_} { tag, payload }),`,
    `${I}${I}${I}None => ${name}::deserialize(${s}::ContentDeserializer::new(content)),`,
    `${I}${I}}`,
    `${I}}`,
    "}",
  ];
}

/** The support module (one copy per family module that has a lossless arm, so each family file stands alone). */
export function losslessSupport(): string[] {
  return `/// Support for the lossless catch-all arms of this module (see \`Unknown\`-style variants above).
mod ${SUPPORT_MODULE} {
    use std::fmt;
    use std::marker::PhantomData;

    use serde::de::{self, IntoDeserializer, MapAccess, SeqAccess, Visitor};
    use serde::ser::SerializeMap;
    use serde::{Deserialize, Deserializer, Serializer};
    use serde_json::{Map, Value};

    /// A buffered json value that keeps member order and repeated keys.
    #[derive(Clone, Debug)]
    pub enum Content {
        Null,
        Bool(bool),
        U64(u64),
        I64(i64),
        F64(f64),
        Str(String),
        Seq(Vec<Content>),
        Map(Vec<(String, Content)>),
    }

    impl<'de> Deserialize<'de> for Content {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_any(ContentVisitor)
        }
    }

    struct ContentVisitor;

    impl<'de> Visitor<'de> for ContentVisitor {
        type Value = Content;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("any valid JSON value")
        }
        fn visit_bool<E>(self, v: bool) -> Result<Content, E> {
            Ok(Content::Bool(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Content, E> {
            Ok(Content::I64(v))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Content, E> {
            Ok(Content::U64(v))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Content, E> {
            Ok(Content::F64(v))
        }
        fn visit_str<E>(self, v: &str) -> Result<Content, E> {
            Ok(Content::Str(v.to_owned()))
        }
        fn visit_string<E>(self, v: String) -> Result<Content, E> {
            Ok(Content::Str(v))
        }
        fn visit_unit<E>(self) -> Result<Content, E> {
            Ok(Content::Null)
        }
        fn visit_none<E>(self) -> Result<Content, E> {
            Ok(Content::Null)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Content, D::Error> {
            Content::deserialize(d)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Content, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element()? {
                items.push(item);
            }
            Ok(Content::Seq(items))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Content, A::Error> {
            let mut entries = Vec::new();
            while let Some(key) = map.next_key::<String>()? {
                let value = map.next_value()?;
                entries.push((key, value));
            }
            Ok(Content::Map(entries))
        }
    }

    impl Content {
        fn unexpected(&self) -> de::Unexpected<'_> {
            match self {
                Content::Null => de::Unexpected::Unit,
                Content::Bool(b) => de::Unexpected::Bool(*b),
                Content::U64(n) => de::Unexpected::Unsigned(*n),
                Content::I64(n) => de::Unexpected::Signed(*n),
                Content::F64(f) => de::Unexpected::Float(*f),
                Content::Str(s) => de::Unexpected::Str(s),
                Content::Seq(_) => de::Unexpected::Seq,
                Content::Map(_) => de::Unexpected::Map,
            }
        }

        fn into_value(self) -> Value {
            match self {
                Content::Null => Value::Null,
                Content::Bool(b) => Value::Bool(b),
                Content::U64(n) => Value::from(n),
                Content::I64(n) => Value::from(n),
                Content::F64(f) => Value::from(f),
                Content::Str(s) => Value::String(s),
                Content::Seq(items) => Value::Array(items.into_iter().map(Content::into_value).collect()),
                Content::Map(entries) => {
                    let mut map = Map::new();
                    for (k, v) in entries {
                        map.insert(k, v.into_value());
                    }
                    Value::Object(map)
                }
            }
        }
    }

    /// Replays buffered \`Content\` into the derived code, as \`serde_json\` would have fed it.
    pub struct ContentDeserializer<E> {
        content: Content,
        marker: PhantomData<E>,
    }

    impl<E> ContentDeserializer<E> {
        pub fn new(content: Content) -> Self {
            ContentDeserializer { content, marker: PhantomData }
        }
    }

    impl<'de, E: de::Error> IntoDeserializer<'de, E> for ContentDeserializer<E> {
        type Deserializer = Self;

        fn into_deserializer(self) -> Self {
            self
        }
    }

    impl<'de, E: de::Error> Deserializer<'de> for ContentDeserializer<E> {
        type Error = E;

        fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
            match self.content {
                Content::Null => visitor.visit_unit(),
                Content::Bool(b) => visitor.visit_bool(b),
                Content::U64(n) => visitor.visit_u64(n),
                Content::I64(n) => visitor.visit_i64(n),
                Content::F64(f) => visitor.visit_f64(f),
                Content::Str(s) => visitor.visit_string(s),
                Content::Seq(items) => {
                    let mut seq = de::value::SeqDeserializer::new(items.into_iter().map(ContentDeserializer::new));
                    let value = visitor.visit_seq(&mut seq)?;
                    seq.end()?;
                    Ok(value)
                }
                Content::Map(entries) => {
                    let mut map = de::value::MapDeserializer::new(
                        entries.into_iter().map(|(k, v)| (k, ContentDeserializer::new(v))),
                    );
                    let value = visitor.visit_map(&mut map)?;
                    map.end()?;
                    Ok(value)
                }
            }
        }

        fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
            match self.content {
                Content::Null => visitor.visit_none(),
                _ => visitor.visit_some(self),
            }
        }

        fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, E> {
            visitor.visit_newtype_struct(self)
        }

        /// A string is a unit variant, a one-member object a variant with content (as serde's own buffer reads them).
        fn deserialize_enum<V: Visitor<'de>>(
            self,
            _name: &'static str,
            _variants: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, E> {
            let (variant, value) = match self.content {
                Content::Str(s) => (s, None),
                Content::Map(mut entries) => {
                    if entries.len() != 1 {
                        return Err(de::Error::invalid_value(de::Unexpected::Map, &"map with a single key"));
                    }
                    let (k, v) = entries.pop().expect("one entry");
                    (k, Some(v))
                }
                other => return Err(de::Error::invalid_type(other.unexpected(), &"string or map")),
            };
            visitor.visit_enum(EnumDeserializer { variant, value, marker: PhantomData })
        }

        /// Only strings are identifiers, as with \`serde_json\` itself (\`expected variant identifier\`).
        fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
            match self.content {
                Content::Str(s) => visitor.visit_string(s),
                other => Err(de::Error::invalid_type(other.unexpected(), &visitor)),
            }
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit unit_struct
            seq tuple tuple_struct map struct ignored_any
        }
    }

    struct EnumDeserializer<E> {
        variant: String,
        value: Option<Content>,
        marker: PhantomData<E>,
    }

    impl<'de, E: de::Error> de::EnumAccess<'de> for EnumDeserializer<E> {
        type Error = E;
        type Variant = VariantDeserializer<E>;

        fn variant_seed<V: de::DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self::Variant), E> {
            let variant = seed.deserialize(self.variant.into_deserializer())?;
            Ok((variant, VariantDeserializer { value: self.value, marker: PhantomData }))
        }
    }

    struct VariantDeserializer<E> {
        value: Option<Content>,
        marker: PhantomData<E>,
    }

    impl<'de, E: de::Error> de::VariantAccess<'de> for VariantDeserializer<E> {
        type Error = E;

        fn unit_variant(self) -> Result<(), E> {
            match self.value {
                Some(value) => de::Deserialize::deserialize(ContentDeserializer::new(value)),
                None => Ok(()),
            }
        }

        fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, E> {
            match self.value {
                Some(value) => seed.deserialize(ContentDeserializer::new(value)),
                None => Err(de::Error::invalid_type(de::Unexpected::UnitVariant, &"newtype variant")),
            }
        }

        fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, E> {
            match self.value {
                Some(Content::Seq(items)) => ContentDeserializer::new(Content::Seq(items)).deserialize_any(visitor),
                Some(other) => Err(de::Error::invalid_type(other.unexpected(), &"tuple variant")),
                None => Err(de::Error::invalid_type(de::Unexpected::UnitVariant, &"tuple variant")),
            }
        }

        fn struct_variant<V: Visitor<'de>>(self, _fields: &'static [&'static str], visitor: V) -> Result<V::Value, E> {
            match self.value {
                Some(value @ (Content::Map(_) | Content::Seq(_))) => ContentDeserializer::new(value).deserialize_any(visitor),
                Some(other) => Err(de::Error::invalid_type(other.unexpected(), &"struct variant")),
                None => Err(de::Error::invalid_type(de::Unexpected::UnitVariant, &"struct variant")),
            }
        }
    }

    /// The unknown tag and payload, when \`content\` is an object whose tag is a string no variant declares.
    pub fn unknown(content: &Content, tag: &str, content_key: Option<&str>, known: &[&str]) -> Option<(String, Value)> {
        let entries = match content {
            Content::Map(entries) => entries,
            _ => return None,
        };
        let mut tags = entries.iter().filter(|(k, _)| k == tag);
        let found = match (tags.next(), tags.next()) {
            (Some((_, Content::Str(s))), None) if !known.contains(&s.as_str()) => s.clone(),
            _ => return None,
        };
        match content_key {
            None => {
                let mut map = Map::new();
                for (k, v) in entries {
                    if k != tag {
                        map.insert(k.clone(), v.clone().into_value());
                    }
                }
                Some((found, Value::Object(map)))
            }
            Some(key) => {
                let mut contents = entries.iter().filter(|(k, _)| k == key);
                match (contents.next(), contents.next()) {
                    (None, _) => Some((found, Value::Null)),
                    (Some((_, v)), None) => Some((found, v.clone().into_value())),
                    _ => None,
                }
            }
        }
    }

    /// Writes an unknown event back: the tag first, then the payload (see the module docs for the layout).
    pub fn serialize_unknown<S: Serializer>(
        serializer: S,
        tag_key: &str,
        content_key: Option<&str>,
        tag: &str,
        payload: &Value,
    ) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry(tag_key, tag)?;
        match (content_key, payload) {
            (Some(_), Value::Null) => {}
            (Some(key), value) => map.serialize_entry(key, value)?,
            (None, Value::Object(members)) => {
                for (k, v) in members {
                    if k != tag_key {
                        map.serialize_entry(k, v)?;
                    }
                }
            }
            (None, Value::Null) => {}
            (None, _) => {
                return Err(serde::ser::Error::custom(
                    "the payload of an unknown internally tagged event must be a json object",
                ))
            }
        }
        map.end()
    }
}`.split("\n");
}
