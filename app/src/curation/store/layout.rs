//! A hall's layout: each booth's place on the floor plan, its order and featuring.

use super::*;

/// A hall's booths as its curator arranges them.
pub async fn curator_hall(
    db: &Db,
    locale: Locale,
    actor: Option<&User>,
    slug: &str,
) -> AppResult<CuratorHallPage> {
    let (_, hall) = curated(db, actor, hall_by_slug(db, locale, slug), |r| r.id).await?;
    let (cols, rows): (i64, i64) =
        sqlx::query_as("SELECT plan_cols, plan_rows FROM halls WHERE id = $1")
            .bind(hall.id)
            .fetch_one(db)
            .await?;
    #[derive(FromRow)]
    struct Placed {
        slug: String,
        name: String,
        status: String,
        featured: i64,
        position: i64,
        plan_x: i64,
        plan_y: i64,
        plan_w: i64,
        plan_h: i64,
    }
    let booths: Vec<Placed> = sqlx::query_as(
        "SELECT slug, name, status, featured, position, plan_x, plan_y, plan_w, plan_h
           FROM booths WHERE hall_id = $1 AND status <> 'banned' ORDER BY position, id",
    )
    .bind(hall.id)
    .fetch_all(db)
    .await?;
    Ok(CuratorHallPage {
        slug: hall.slug,
        name: hall.name,
        colour: hall.colour,
        cols,
        rows,
        booths: booths
            .into_iter()
            .map(|b| LayoutBooth {
                featured: b.featured != 0,
                position: b.position,
                x: b.plan_x,
                y: b.plan_y,
                w: b.plan_w,
                h: b.plan_h,
                slug: b.slug,
                name: b.name,
                status: b.status,
            })
            .collect(),
    })
}

/// Saves a hall's arrangement: for every booth, its place on the grid (`x_`, `y_`, `w_`,
/// `h_` + slug, counted from 1), its order (`position_`) and whether it is featured
/// (`featured_`). Every booth must lie inside the hall and no two may overlap.
pub async fn save_layout(
    db: &Db,
    actor: Option<&User>,
    slug: &str,
    fields: &[(String, String)],
    now: Instant,
) -> AppResult<()> {
    let (user, hall) = curated(db, actor, hall_by_slug(db, Locale::En, slug), |r| r.id).await?;
    let mut checks = Checks::default();
    let cols = checks.number("cols", field(fields, "cols"), 1..=40);
    let rows = checks.number("rows", field(fields, "rows"), 1..=40);
    let booths: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, slug FROM booths WHERE hall_id = $1 AND status <> 'banned' ORDER BY position, id",
    )
    .bind(hall.id)
    .fetch_all(db)
    .await?;
    let mut placed: Vec<(i64, String, [i64; 4], i64, bool)> = Vec::new();
    for (id, slug) in &booths {
        let x = checks.number(
            &format!("x_{slug}"),
            field(fields, &format!("x_{slug}")),
            1..=40,
        ) - 1;
        let y = checks.number(
            &format!("y_{slug}"),
            field(fields, &format!("y_{slug}")),
            1..=40,
        ) - 1;
        let w = checks.number(
            &format!("w_{slug}"),
            field(fields, &format!("w_{slug}")),
            1..=40,
        );
        let h = checks.number(
            &format!("h_{slug}"),
            field(fields, &format!("h_{slug}")),
            1..=40,
        );
        let position = checks.number(
            &format!("position_{slug}"),
            field(fields, &format!("position_{slug}")),
            0..=999,
        );
        let featured = field(fields, &format!("featured_{slug}")) == "on";
        placed.push((*id, slug.clone(), [x, y, w, h], position, featured));
    }
    for (i, (_, slug, [x, y, w, h], _, _)) in placed.iter().enumerate() {
        if x + w > cols || y + h > rows {
            checks.fail(&format!("x_{slug}"), "plan_bounds");
        }
        let overlaps = placed[..i].iter().any(|(_, _, [ox, oy, ow, oh], _, _)| {
            x < &(ox + ow) && ox < &(x + w) && y < &(oy + oh) && oy < &(y + h)
        });
        if overlaps {
            checks.fail(&format!("x_{slug}"), "plan_overlap");
        }
    }
    checks.finish()?;
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE halls SET plan_cols = $2, plan_rows = $3 WHERE id = $1")
        .bind(hall.id)
        .bind(cols)
        .bind(rows)
        .execute(&mut *tx)
        .await?;
    for (id, _, [x, y, w, h], position, featured) in &placed {
        sqlx::query(
            "UPDATE booths SET plan_x = $2, plan_y = $3, plan_w = $4, plan_h = $5, position = $6,
                    featured = $7 WHERE id = $1",
        )
        .bind(id)
        .bind(x)
        .bind(y)
        .bind(w)
        .bind(h)
        .bind(position)
        .bind(i64::from(*featured))
        .execute(&mut *tx)
        .await?;
    }
    log(
        &mut tx,
        user.id,
        "arranged",
        &format!("hall:{}", hall.id),
        "",
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
