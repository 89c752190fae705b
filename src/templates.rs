//! Phase templates: ready-made milestone titles and deliverable checklists (app development, logo, article,
//! video, website) that a new order can start from. They are data: `templates/default.json` is built in, and an
//! operator adds or replaces templates with a file of the same shape (`DEREJA_TEMPLATES`), no code needed.

use dereja_domain::{Deliverables, Language, Title};
use serde::Deserialize;
use std::collections::BTreeMap;

const BUILT_IN: &str = include_str!("../templates/default.json");

/// A text in several languages; English is required and is the fallback.
type Translated = BTreeMap<String, String>;

#[derive(Debug, Clone, Deserialize)]
pub struct Phase {
    title: Translated,
    deliverables: Translated,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Template {
    pub id: String,
    name: Translated,
    phases: Vec<Phase>,
}

fn pick(text: &Translated, lang: Language) -> &str {
    text.get(lang.code())
        .or_else(|| text.get("en"))
        .map_or("", String::as_str)
}

impl Template {
    pub fn name(&self, lang: Language) -> &str {
        pick(&self.name, lang)
    }

    /// The phases as (title, deliverables) in `lang`.
    /// Each phase's title and checklist in `lang` (checked when the templates were loaded).
    pub fn phases(&self, lang: Language) -> Vec<(Title, Deliverables)> {
        self.phases
            .iter()
            .filter_map(|p| {
                let title = Title::new(pick(&p.title, lang)).ok()?;
                let deliverables = Deliverables::new(pick(&p.deliverables, lang)).ok()?;
                Some((title, deliverables))
            })
            .collect()
    }

    /// Every text must be a valid milestone title or checklist, in every language given, English included.
    fn check(&self) -> Result<(), String> {
        let bad = |what: &str| format!("template {:?}: {what}", self.id);
        if !self.name.contains_key("en") || self.phases.is_empty() {
            return Err(bad("needs an English name and at least one phase"));
        }
        if self.phases.len() > dereja_domain::Order::MAX_MILESTONES {
            return Err(bad("has more phases than an order may have milestones"));
        }
        for (i, phase) in self.phases.iter().enumerate() {
            if !phase.title.contains_key("en") || !phase.deliverables.contains_key("en") {
                return Err(bad(&format!(
                    "phase {} needs an English title and deliverables",
                    i + 1
                )));
            }
            for title in phase.title.values() {
                Title::new(title).map_err(|e| bad(&format!("phase {}: title: {e}", i + 1)))?;
            }
            for list in phase.deliverables.values() {
                Deliverables::new(list)
                    .map_err(|e| bad(&format!("phase {}: deliverables: {e}", i + 1)))?;
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone)]
pub struct Templates(Vec<Template>);

impl Templates {
    /// The built-in templates, then those of `extra` (a JSON list; the same `id` replaces a built-in one).
    pub fn load(extra: Option<&str>) -> Result<Templates, String> {
        let mut all: Vec<Template> =
            serde_json::from_str(BUILT_IN).map_err(|e| format!("built-in templates: {e}"))?;
        if let Some(json) = extra {
            let more: Vec<Template> = serde_json::from_str(json).map_err(|e| e.to_string())?;
            for template in more {
                all.retain(|t| t.id != template.id);
                all.push(template);
            }
        }
        for template in &all {
            template.check()?;
        }
        Ok(Templates(all))
    }

    pub fn all(&self) -> &[Template] {
        &self.0
    }

    pub fn get(&self, id: &str) -> Option<&Template> {
        self.0.iter().find(|t| t.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_templates_are_valid_in_both_languages() {
        let templates = Templates::load(None).unwrap();
        let ids: Vec<&str> = templates.all().iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["app", "logo", "article", "video", "website"]);
        let app = templates.get("app").unwrap();
        let titles: Vec<String> = app
            .phases(Language::EN)
            .into_iter()
            .map(|p| p.0.as_str().to_string())
            .collect();
        assert_eq!(titles, ["UI/UX design", "Backend", "Testing", "Launch"]);
        assert_eq!(app.name(Language::AM), "የመተግበሪያ ሥራ");
        for t in templates.all() {
            for lang in [Language::EN, Language::AM] {
                assert_eq!(t.phases(lang).len(), t.phases.len(), "{} in {lang}", t.id);
            }
        }
    }

    #[test]
    fn an_operators_file_adds_and_replaces_templates() {
        let extra = r#"[
            {"id": "logo", "name": {"en": "Logo (one round)"},
             "phases": [{"title": {"en": "Logo"}, "deliverables": {"en": "- 1 logo as SVG"}}]},
            {"id": "wedding", "name": {"en": "Wedding photos", "am": "የሰርግ ፎቶዎች"},
             "phases": [{"title": {"en": "Shoot"}, "deliverables": {"en": "- 300 edited photos as JPG"}}]}
        ]"#;
        let templates = Templates::load(Some(extra)).unwrap();
        assert_eq!(templates.all().len(), 6);
        assert_eq!(
            templates.get("logo").unwrap().name(Language::EN),
            "Logo (one round)"
        );
        // Amharic missing in a phase: English is used.
        assert_eq!(
            templates.get("wedding").unwrap().phases(Language::AM)[0]
                .0
                .as_str(),
            "Shoot"
        );
        let broken = r#"[{"id": "x", "name": {"am": "ብቻ"}, "phases": []}]"#;
        assert!(Templates::load(Some(broken)).is_err());
        assert!(Templates::load(Some("not json")).is_err());
    }
}
