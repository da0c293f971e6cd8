//! Every column of every table is classified in the personal-data map, and the map names
//! nothing that does not exist.

use crate::data_map_schema::schema_columns;
use compliance::data_map;
use postwarden_tests::TestApp;

#[tokio::test]
async fn every_column_is_classified_and_nothing_else() {
    let app = TestApp::spawn().await;
    let schema = schema_columns(&app.state.db).await;
    assert!(schema.len() >= 10, "expected the migrated schema, found {schema:?}");

    let mut problems = Vec::new();
    for (table, columns) in &schema {
        let Some(map) = data_map::table(table) else {
            problems.push(format!("table `{table}` is not in the personal-data map"));
            continue;
        };
        for column in columns {
            if map.column(column).is_none() {
                problems.push(format!("column `{table}.{column}` is not classified"));
            }
        }
        for class in map.columns {
            if !columns.contains(class.column) {
                problems.push(format!("the map classifies `{table}.{}`, which does not exist", class.column));
            }
        }
        if let Some(subject) = map.subject_column
            && !columns.contains(subject)
        {
            problems.push(format!("`{table}` names subject column `{subject}`, which does not exist"));
        }
    }
    for map in data_map::TABLES {
        if !schema.contains_key(map.table) {
            problems.push(format!("the map lists table `{}`, which does not exist", map.table));
        }
    }
    assert!(problems.is_empty(), "personal-data map problems:\n{}", problems.join("\n"));
}

#[tokio::test]
async fn no_date_of_birth_is_kept() {
    let app = TestApp::spawn().await;
    let schema = schema_columns(&app.state.db).await;
    let dob = schema.iter().flat_map(|(t, cols)| cols.iter().map(move |c| (t, c))).find(|(_, c)| c.contains("birth"));
    assert!(dob.is_none(), "a date of birth column exists: {dob:?}");
}
