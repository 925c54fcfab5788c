//! Which attributes each tab of an account shows. Anything not named here
//! lands in "Advanced", so a new attribute is never hidden.

use crate::api::types::{Field, SettingsForm};

pub struct Section {
    /// The `tab` in the URL ("" for the first).
    pub key: &'static str,
    pub label: &'static str,
    /// What the section is for, shown above its fields.
    pub intro: &'static str,
    pub attributes: &'static [&'static str],
}

pub const ADVANCED: &str = "advanced";

pub const SECTIONS: &[Section] = &[
    Section {
        key: "",
        label: "Account",
        intro: "",
        attributes: &[
            "name",
            "title",
            "phone",
            "fax",
            "language",
            "timezone",
            "type",
            "workgroup",
            "brand",
            "notes_external",
        ],
    },
    Section {
        key: "delivery",
        label: "Delivery",
        intro: "Where incoming mail goes. The forward settings apply when mail is forwarded.",
        attributes: &[
            "delivery",
            "forward_recipients",
            "forward_option_restricted",
            "forward_option_subject_prefix",
            "forward_option_reply_to",
        ],
    },
    Section {
        key: "autoreply",
        label: "Out of office",
        intro: "Automatic replies go to each sender once per interval, only between the start and end days, and never to mailing lists or bulk mail.",
        attributes: &[
            "delivery_autoresponder",
            "autoresponder_option_subject",
            "autoresponder",
            "autoresponder_option_startdate",
            "autoresponder_option_enddate",
            "autoresponder_option_interval",
        ],
    },
    Section {
        key: "aliases",
        label: "Aliases",
        intro: "Other addresses in the same domain that deliver to this account, one per line.",
        attributes: &["aliases"],
    },
    Section {
        key: "senders",
        label: "Allow/block",
        intro: "Senders whose mail is always accepted or always refused, one per line: user@example.com, *@example.com or *.example.com.",
        attributes: &["allow", "block"],
    },
    Section {
        key: "spam",
        label: "Spam",
        intro: "How mail the spam filter flags is handled. Empty fields follow the domain.",
        attributes: &["spamlevel", "filterdelivery", "spamfolder", "spamtag", "spamheader", "reject_spam"],
    },
    Section {
        key: "services",
        label: "Services & quota",
        intro: "",
        attributes: &[
            "quota",
            "service_imap4",
            "service_pop3",
            "service_webmail",
            "service_smtpin",
            "service_smtprelay",
            "service_smtprelay_webmail",
            "smtp_sent_limit",
            "max_pab_entries",
        ],
    },
    Section { key: ADVANCED, label: "Advanced", intro: "", attributes: &["sieve", "macsettings"] },
];

/// The section an attribute belongs to.
pub fn section_of(attribute: &str) -> &'static str {
    SECTIONS.iter().find(|s| s.attributes.contains(&attribute)).map_or(ADVANCED, |s| s.key)
}

/// The sections the form has fields for.
pub fn present(form: &SettingsForm) -> Vec<&'static Section> {
    SECTIONS.iter().filter(|s| form.fields.iter().any(|f| section_of(&f.name) == s.key)).collect()
}

/// The form's fields of one section, in the section's order.
pub fn fields_of(form: &SettingsForm, key: &str) -> SettingsForm {
    let order = |f: &Field| {
        let listed = SECTIONS.iter().find(|s| s.key == key).map_or(&[][..], |s| s.attributes);
        listed.iter().position(|a| *a == f.name).unwrap_or(usize::MAX)
    };
    let mut fields: Vec<Field> = form.fields.iter().filter(|f| section_of(&f.name) == key).cloned().collect();
    fields.sort_by_key(order);
    SettingsForm { fields, facts: Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_attribute_has_one_section() {
        for s in SECTIONS {
            for a in s.attributes {
                assert_eq!(section_of(a), s.key, "{a}");
            }
        }
        assert_eq!(section_of("something_new"), ADVANCED);
    }
}
