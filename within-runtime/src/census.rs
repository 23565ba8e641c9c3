//! Live owners counted by creation site: [`Census`], [`Growth`] between two censuses, and
//! [`census()`] across every registry.
//!
//! Every owner remembers the source location that created it (`Tracked::new` and
//! `Registry::track` are `#[track_caller]`), so a census answers what Python's
//! `tracemalloc` snapshots grouped by line answer, for owners instead of bytes: which lines of
//! the program created the owners still alive. Two censuses taken a while apart show which
//! lines keep adding owners that never go away, like `objgraph.show_growth()` (which shows
//! increases only; a [`Growth`] has decreases too).

use core::fmt;
use core::panic::Location;
use std::collections::HashMap;
use std::string::ToString;
use std::sync::OnceLock;
use std::vec::Vec;

/// The live owners of one registry ([`Registry::census`](crate::Registry::census)) or of all ([`census()`]), counted by
/// creation site and type, largest group first.
///
/// ```
/// use within_runtime::{Registry, Validated};
///
/// #[derive(Validated)]
/// struct Request {
///     #[within(100, 599)]
///     status: u16,
/// }
///
/// static REQUESTS: Registry<Request> = Registry::new();
///
/// let before = REQUESTS.census();
/// let mut log = Vec::new();
/// for _ in 0..3 {
///     log.push(REQUESTS.track(Request::try_new(200)?)?); let line = line!();
///     assert_eq!(REQUESTS.census().live_at(file!(), line), log.len());
/// }
/// let growth = REQUESTS.census().growth_since(&before);
/// assert_eq!(growth.rows()[0].change(), 3);
/// assert_eq!(growth.rows()[0].site().file(), file!());
/// println!("{growth}"); // site  live  change  type, one aligned row per site
/// # Ok::<(), within_runtime::Invalid>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct Census {
    rows: Vec<CensusRow>,
}

/// One line of a [`Census`]: how many owners of one type created at one site are alive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CensusRow {
    site: &'static Location<'static>,
    type_name: &'static str,
    live: usize,
}

impl CensusRow {
    /// Where these owners were created.
    pub fn site(&self) -> &'static Location<'static> {
        self.site
    }

    /// Their type, as [`core::any::type_name`] gives it.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// How many are alive.
    pub fn live(&self) -> usize {
        self.live
    }
}

/// Sorts by count (larger first), then by site and type, so equal counts print in a stable
/// order.
fn by_site(a: (&Location<'_>, &str), b: (&Location<'_>, &str)) -> core::cmp::Ordering {
    (a.0.file(), a.0.line(), a.0.column(), a.1).cmp(&(b.0.file(), b.0.line(), b.0.column(), b.1))
}

/// Whether `site` is at `file:line`.
fn at(site: &Location<'_>, file: &str, line: u32) -> bool {
    site.file() == file && site.line() == line
}

impl Census {
    /// Groups runs of (site, count), as `Registry::census_into` collects them, by site.
    pub(crate) fn from_runs(
        type_name: &'static str,
        runs: Vec<(&'static Location<'static>, usize)>,
    ) -> Census {
        let mut census = Census::default();
        census.add_runs(&mut HashMap::new(), type_name, &runs);
        census.sort();
        census
    }

    /// Adds `runs` of one type, merging sites equal in value (one call site can have several
    /// `Location` statics, one per instantiation of a generic caller). `index` maps each
    /// (site, type) already in `self.rows` to its row.
    fn add_runs(
        &mut self,
        index: &mut Index,
        type_name: &'static str,
        runs: &[(&'static Location<'static>, usize)],
    ) {
        for &(site, count) in runs {
            let row = *index.entry((site, type_name)).or_insert_with(|| {
                self.rows.push(CensusRow {
                    site,
                    type_name,
                    live: 0,
                });
                self.rows.len() - 1
            });
            self.rows[row].live += count;
        }
    }

    fn sort(&mut self) {
        self.rows.sort_by(|a, b| {
            b.live
                .cmp(&a.live)
                .then_with(|| by_site((a.site, a.type_name), (b.site, b.type_name)))
        });
    }

    /// The groups, largest first.
    pub fn rows(&self) -> &[CensusRow] {
        &self.rows
    }

    /// Owners counted, in every group.
    pub fn total(&self) -> usize {
        self.rows.iter().map(|row| row.live).sum()
    }

    /// Owners alive that were created on line `line` of `file` (as `file!()` and `line!()`
    /// give them), of any type and column.
    pub fn live_at(&self, file: &str, line: u32) -> usize {
        self.rows
            .iter()
            .filter(|row| at(row.site, file, line))
            .map(|row| row.live)
            .sum()
    }

    /// How each group changed since `earlier`: owners created at a site and still alive now,
    /// minus those alive in `earlier`. Sites that grew come first, largest increase first; sites
    /// that shrank come last, and a site with no owner left has a row with `live() == 0`.
    pub fn growth_since(&self, earlier: &Census) -> Growth {
        let mut rows: Vec<GrowthRow> = Vec::with_capacity(self.rows.len());
        let mut index = Index::with_capacity(self.rows.len());
        for row in &self.rows {
            index.insert((row.site, row.type_name), rows.len());
            rows.push(GrowthRow {
                site: row.site,
                type_name: row.type_name,
                live: row.live,
                change: to_signed(row.live),
            });
        }
        for row in &earlier.rows {
            match index.get(&(row.site, row.type_name)) {
                Some(&now) => rows[now].change -= to_signed(row.live),
                None => rows.push(GrowthRow {
                    site: row.site,
                    type_name: row.type_name,
                    live: 0,
                    change: -to_signed(row.live),
                }),
            }
        }
        rows.sort_by(|a, b| {
            b.change
                .cmp(&a.change)
                .then_with(|| b.live.cmp(&a.live))
                .then_with(|| by_site((a.site, a.type_name), (b.site, b.type_name)))
        });
        Growth { rows }
    }
}

/// Rows by site and type; sites compare by value.
type Index = HashMap<(&'static Location<'static>, &'static str), usize>;

/// Counts of owners fit in `isize`: each takes more than one byte of memory.
fn to_signed(count: usize) -> isize {
    isize::try_from(count).unwrap_or(isize::MAX)
}

/// How the live owners changed between two [`Census`]es, site by site, from
/// [`Census::growth_since`]: increases first, largest first; decreases last.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct Growth {
    rows: Vec<GrowthRow>,
}

/// One line of a [`Growth`]: one site and type, its owners alive now and the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GrowthRow {
    site: &'static Location<'static>,
    type_name: &'static str,
    live: usize,
    change: isize,
}

impl GrowthRow {
    /// Where these owners were created.
    pub fn site(&self) -> &'static Location<'static> {
        self.site
    }

    /// Their type, as [`core::any::type_name`] gives it.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// How many are alive now.
    pub fn live(&self) -> usize {
        self.live
    }

    /// How many more are alive now than in the earlier census (negative: fewer).
    pub fn change(&self) -> isize {
        self.change
    }
}

impl Growth {
    /// Every site alive in either census: increases first (largest first), then unchanged
    /// sites, then decreases.
    pub fn rows(&self) -> &[GrowthRow] {
        &self.rows
    }

    /// The change at line `line` of `file`, over every type and column.
    pub fn change_at(&self, file: &str, line: u32) -> isize {
        self.rows
            .iter()
            .filter(|row| at(row.site, file, line))
            .map(|row| row.change)
            .sum()
    }

    /// The change in owners alive, over every site.
    pub fn total_change(&self) -> isize {
        self.rows.iter().map(|row| row.change).sum()
    }
}

/// Writes `rows` as a table: the site left-aligned, numbers right-aligned, the type last.
fn table<const N: usize>(
    f: &mut fmt::Formatter<'_>,
    headers: [&str; N],
    rows: impl Iterator<
            Item = (
                &'static Location<'static>,
                [std::string::String; N],
                &'static str,
            ),
        > + Clone,
) -> fmt::Result {
    let sites = rows.clone().map(|(site, ..)| site.to_string());
    let site_width = sites.fold("site".len(), |width, site| width.max(site.len()));
    let mut widths = headers.map(str::len);
    for (_, numbers, _) in rows.clone() {
        for (width, number) in widths.iter_mut().zip(&numbers) {
            *width = (*width).max(number.len());
        }
    }
    write!(f, "{:<site_width$}", "site")?;
    for (header, width) in headers.iter().zip(widths) {
        write!(f, "  {header:>width$}")?;
    }
    writeln!(f, "  type")?;
    for (site, numbers, type_name) in rows {
        write!(f, "{:<site_width$}", site.to_string())?;
        for (number, width) in numbers.iter().zip(widths) {
            write!(f, "  {number:>width$}")?;
        }
        writeln!(f, "  {type_name}")?;
    }
    Ok(())
}

/// A table with a header line, `site  live  type`, and one line per group.
impl fmt::Display for Census {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        table(
            f,
            ["live"],
            self.rows
                .iter()
                .map(|row| (row.site, [row.live.to_string()], row.type_name)),
        )
    }
}

/// A table with a header line, `site  live  change  type`, and one line per site; changes
/// carry their sign (`+1000`, `-3`, `0`).
impl fmt::Display for Growth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        table(
            f,
            ["live", "change"],
            self.rows.iter().map(|row| {
                let change = if row.change > 0 {
                    std::format!("+{}", row.change)
                } else {
                    row.change.to_string()
                };
                (row.site, [row.live.to_string(), change], row.type_name)
            }),
        )
    }
}

/// What [`census()`] needs from a registry of any type. `RefUnwindSafe`, so that a registry
/// (which holds a link to the next one) and the `Tracked` handles that point at it stay
/// unwind-safe, as `Arc<RwLock<T>>` is.
pub(crate) trait Enlisted: Sync + std::panic::RefUnwindSafe {
    fn type_name(&self) -> &'static str;
    fn census_into(&self, runs: &mut Vec<(&'static Location<'static>, usize)>);
    /// The link to the registry enlisted after this one.
    fn next(&self) -> &Link;
    /// Called by a thread that is giving up shard lease `index` (it exits): frees the table of
    /// that shard if the shard is empty.
    ///
    /// # Safety
    ///
    /// The caller holds lease `index` until this returns.
    unsafe fn release_lease(&self, index: usize);
}

/// Frees the empty tables of shard `index` in every registry; called by a thread giving up
/// lease `index`, so that a shard emptied by drops on other threads does not keep its table
/// until another thread takes the lease and tracks in that registry.
///
/// # Safety
///
/// The caller holds lease `index` until this returns.
#[cfg_attr(loom, allow(dead_code))]
pub(crate) unsafe fn release_lease(index: usize) {
    let mut link = &FIRST;
    while let Some(registry) = link.get() {
        // SAFETY: forwarded.
        unsafe { registry.release_lease(index) };
        link = registry.next();
    }
}

/// A link of the list [`census()`] walks: a chain of registries, each holding the link to the
/// next, so enlisting allocates nothing; only ever appended to.
pub(crate) type Link = OnceLock<&'static dyn Enlisted>;

/// The first registry that tracked an owner.
static FIRST: Link = OnceLock::new();

/// Appends `registry` to the list; called once per registry, by its first `track`, with no
/// lock held. Appending is `OnceLock::set` at the end of the chain: threads that append at the
/// same moment wait for each other only as long as it takes to store a pointer, and readers
/// never wait.
pub(crate) fn enlist(registry: &'static dyn Enlisted) {
    let mut link = &FIRST;
    while link.set(registry).is_err() {
        if let Some(next) = link.get() {
            link = next.next();
        }
    }
}

/// The live owners of every registry that has ever tracked one, counted by creation site and
/// type ([`CensusRow::type_name`]), largest group first.
///
/// Each registry is counted as [`Registry::census`](crate::Registry::census) counts it, one after another; owners
/// tracked or dropped meanwhile on other threads may or may not be counted. Registries enlist
/// themselves, with no lock, the first time they track an owner.
///
/// ```
/// use within_runtime::{Tracked, Validated};
///
/// #[derive(Validated)]
/// struct Upload {
///     #[within(1, 1 << 20)]
///     bytes: u32,
/// }
///
/// let upload = Tracked::new(Upload::try_new(512)?)?;
/// let census = within_runtime::census();
/// let row = census.rows().iter().find(|row| row.type_name().ends_with("Upload")).unwrap();
/// assert_eq!((row.live(), row.site().file()), (1, file!()));
/// # drop(upload);
/// # Ok::<(), within_runtime::Invalid>(())
/// ```
pub fn census() -> Census {
    let mut census = Census::default();
    let mut index = Index::new();
    let mut runs = Vec::new();
    let mut link = &FIRST;
    while let Some(registry) = link.get() {
        runs.clear();
        registry.census_into(&mut runs);
        census.add_runs(&mut index, registry.type_name(), &runs);
        link = registry.next();
    }
    census.sort();
    census
}
