/// A secret (a token, a password) that redacts itself in `Debug` and `Display` and
/// cannot be serialized: it can only be read deliberately with [`Sensitive::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Sensitive<T>(T);

impl<T> Sensitive<T> {
    pub fn new(value: T) -> Self {
        Sensitive(value)
    }

    /// The secret itself. Call sites are where secrets leave their box: keep them few.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> std::fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sensitive(<redacted>)")
    }
}

impl<T> std::fmt::Display for Sensitive<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::Sensitive;

    #[test]
    fn never_prints_the_secret() {
        let s = Sensitive::new("tok-123".to_owned());
        assert!(!format!("{s:?} {s}").contains("tok-123"));
        assert_eq!(s.expose(), "tok-123");
    }
}
