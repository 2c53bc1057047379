use super::*;

const SAMPLE: &str = "\
# a comment
1\tAlpha\tAAA\t10.0000\t20.0000\t5000\tadmin_seat\tAlfa;Alpha Town
1\tAlpha Oblast\tAAA\t10.0000\t20.0000\t90000\tregion\tAlpha region;Alpha province

2\tAlpha\tBBB\t-10.5000\t-20.2500\t20000\tcity\t
3\tBeta\tBBB\t0.0000\t0.0000\t100\tcapital\tAlfa;Bêta-Ville
4\tGamma Region\tCCC\t1.0000\t1.0000\t7\tcity
";

fn sample() -> Gazetteer {
    Gazetteer::parse(SAMPLE).unwrap()
}

fn names(v: &[&PlaceEntry]) -> Vec<(u32, &'static str)> {
    v.iter().map(|e| (e.geonames_id, e.name)).collect()
}

#[test]
fn parses_rows_and_skips_comments() {
    let g = sample();
    assert_eq!(g.len(), 5);
    let e = &g.entries()[2];
    assert_eq!(e.geonames_id, 2);
    assert_eq!((e.lat, e.lon), (-10.5, -20.25));
    assert_eq!(e.country, "BBB");
    assert_eq!(e.kind, PlaceKind::City);
    assert_eq!(e.aliases().count(), 0);
    assert_eq!(g.entries()[0].aliases().collect::<Vec<_>>(), ["Alfa", "Alpha Town"]);
    assert_eq!(g.entries()[4].aliases().count(), 0, "the aliases column may be missing");
}

#[test]
fn parse_errors_carry_the_line_number() {
    let err = Gazetteer::parse("# header\n1\tA\tAAA\t1\t2\t3\n").unwrap_err();
    assert_eq!(err, GeoError::Columns { line: 2, found: 6 });
    assert_eq!(err.line(), 2);
    assert_eq!(err.to_string(), "gazetteer line 2: expected 7 to 9 tab-separated columns, found 6");

    let err = Gazetteer::parse("1\tA\tAAA\t1\t2\t3\tcity\t\n\n1\tB\tAAA\t91\t2\t3\tcity\t\n").unwrap_err();
    assert_eq!(err.line(), 3);
    assert!(matches!(err, GeoError::Field { field: "lat", .. }), "{err}");

    let err = Gazetteer::parse("1\tA\tua\t1\t2\t3\tcity\t\n").unwrap_err();
    assert!(matches!(err, GeoError::Field { field: "iso3", line: 1, .. }), "{err}");
    let err = Gazetteer::parse("1\tA\tUKR\t1\t2\t-3\tcity\t\n").unwrap_err();
    assert!(matches!(err, GeoError::Field { field: "population", .. }), "{err}");
    let err = Gazetteer::parse("1\tA\tUKR\t1\t2\t3\ttown\t\n").unwrap_err();
    assert_eq!(err.to_string(), "gazetteer line 1: invalid kind \"town\"");
    let err = Gazetteer::parse("x\tA\tUKR\t1\t2\t3\tcity\t\n").unwrap_err();
    assert!(matches!(err, GeoError::Field { field: "geonames_id", .. }), "{err}");
}

#[test]
fn lookup_orders_by_weighted_population() {
    let g = sample();
    // Alpha/BBB (20,000, main name) before Alpha/AAA (5,000 x 3 as a seat, main name).
    assert_eq!(names(&g.lookup("ALPHA")), [(2, "Alpha"), (1, "Alpha")]);
    // "Alfa": alias of both; the capital's boost does not make up for 100 vs 5,000.
    assert_eq!(names(&g.lookup("alfa")), [(1, "Alpha"), (3, "Beta")]);
    assert_eq!(names(&g.lookup("Beta ville")), [(3, "Beta")]);
    assert!(g.lookup("Alph").is_empty());
    assert!(g.lookup("").is_empty());
}

#[test]
fn region_words_prefer_regions_and_reach_them_through_seat_aliases() {
    let g = sample();
    assert_eq!(names(&g.lookup("Alpha Oblast")), [(1, "Alpha Oblast")]);
    assert_eq!(names(&g.lookup("alpha region")), [(1, "Alpha Oblast")]);
    // Not written in the data: the seat's alias plus a region word.
    assert_eq!(names(&g.lookup("Alfa province")), [(1, "Alpha Oblast")]);
    assert_eq!(names(&g.lookup("Alpha Town governorate")), [(1, "Alpha Oblast")]);
    // A place named with a region word is still found, after regions.
    assert_eq!(names(&g.lookup("Gamma Region")), [(4, "Gamma Region")]);
    // No seat called Beta: nothing.
    assert!(g.lookup("Beta region").is_empty());
    assert!(g.contains_key("alfa province"));
    assert!(!g.contains_key("beta region"));
    assert!(g.contains_key("beta"));
    let seat = &g.entries()[0];
    assert_eq!(g.region_of(seat).map(|r| r.name), Some("Alpha Oblast"));
    assert_eq!(g.region_of(&g.entries()[2]), None);
    assert_eq!(g.region_of(&seat.clone()), None, "not an entry of this gazetteer");
}

#[test]
fn resolve_uses_context_countries_in_order() {
    let g = sample();
    assert_eq!(g.resolve("Alpha", &[]).unwrap().country, "BBB");
    assert_eq!(g.resolve("Alpha", &["AAA"]).unwrap().country, "AAA");
    assert_eq!(g.resolve("Alpha", &["aaa"]).unwrap().country, "AAA");
    assert_eq!(g.resolve("Alpha", &["BBB", "AAA"]).unwrap().country, "BBB");
    assert_eq!(g.resolve("Alpha", &["AAA", "BBB"]).unwrap().country, "AAA");
    assert_eq!(g.resolve("Alpha", &["ZZZ"]).unwrap().country, "BBB");
    assert!(g.resolve("Delta", &["AAA"]).is_none());
}

#[test]
fn distance_is_great_circle() {
    assert_eq!(distance_km((1.0, 2.0), (1.0, 2.0)), 0.0);
    // A quarter of the equator.
    let quarter = Gazetteer::distance_km((0.0, 0.0), (0.0, 90.0));
    assert!((quarter - 10_007.5).abs() < 1.0, "{quarter}");
    // Antipodes: half the circumference.
    let half = distance_km((10.0, 20.0), (-10.0, -160.0));
    assert!((half - 20_015.1).abs() < 1.0, "{half}");
    // London to Paris, about 344 km.
    let lp = distance_km((51.5074, -0.1278), (48.8566, 2.3522));
    assert!((340.0..348.0).contains(&lp), "{lp}");
}

// ---- The embedded GeoNames gazetteer ----

fn gaz() -> &'static Gazetteer {
    Gazetteer::embedded()
}

fn best(name: &str) -> &'static PlaceEntry {
    gaz().lookup(name).first().copied().unwrap_or_else(|| panic!("{name} not found"))
}

#[test]
fn embedded_parses_compactly() {
    let start = std::time::Instant::now();
    let g = Gazetteer::parse_static(EMBEDDED_TSV).unwrap();
    let took = start.elapsed();
    eprintln!(
        "embedded gazetteer: {} places, {} keys, {:.1} MB heap, parsed in {:?} (unoptimised build)",
        g.len(),
        g.key_count(),
        g.heap_bytes() as f64 / 1e6,
        took
    );
    assert!(g.len() > 90_000);
    assert!(g.heap_bytes() < 40_000_000, "{} bytes", g.heap_bytes());
    let regions = g.entries().iter().filter(|e| e.kind == PlaceKind::Region).count();
    assert!(regions > 3_000);
    assert_eq!(g.seat_region.len(), regions, "every region row has its seat");
    assert!(g.max_words() >= 4);
}

#[test]
fn kursk_region_is_the_oblast_at_its_seat() {
    let kursk = best("Kursk region");
    assert_eq!((kursk.name, kursk.country, kursk.kind), ("Kursk Oblast", "RUS", PlaceKind::Region));
    assert!(distance_km(kursk.coords(), (51.73, 36.19)) < 30.0);
    assert_eq!(best("KURSK OBLAST"), kursk);
    assert_eq!(gaz().resolve("Kursk province", &["UKR", "RUS"]), Some(kursk));
    // Without a region word, the city.
    let city = best("Kursk");
    assert_eq!((city.name, city.kind), ("Kursk", PlaceKind::AdminSeat));
    assert_eq!(gaz().region_of(city), Some(kursk));
}

#[test]
fn donetsk_region_is_in_ukraine() {
    let d = best("Donetsk region");
    assert_eq!((d.name, d.country, d.kind), ("Donetsk Oblast", "UKR", PlaceKind::Region));
    assert_eq!(best("Donetsk Oblast"), d);
    // The city: Ukraine's Donetsk, not the smaller Donetsk in Russia's Rostov region ...
    assert_eq!(gaz().resolve("Donetsk", &[]).unwrap().country, "UKR");
    assert!(gaz().lookup("Donetsk").iter().any(|e| e.country == "RUS"));
    // ... unless the document is only about Russia.
    assert_eq!(gaz().resolve("Donetsk", &["RUS"]).unwrap().country, "RUS");
    assert_eq!(gaz().resolve("Donetsk", &["RUS", "UKR"]).unwrap().country, "UKR");
}

#[test]
fn region_word_after_an_exonym_of_the_seat() {
    // The data only write "Kyiv Oblast" / "Kyiv region"; "Kiev" is an alias of the seat.
    let k = best("Kiev region");
    assert_eq!((k.name, k.country), ("Kyiv Oblast", "UKR"));
    assert_eq!(best("Kharkov oblast").name, "Kharkiv Oblast");
    assert_eq!(best("Odessa region").name, "Odesa Oblast");
    assert!(gaz().contains_key(&fold("Kiev region")));
    assert!(gaz().lookup("Bakhmut region").is_empty(), "Bakhmut is no seat");
}

#[test]
fn spellings_of_ukrainian_cities_agree() {
    let kharkiv = best("Kharkiv");
    assert_eq!((kharkiv.country, kharkiv.kind), ("UKR", PlaceKind::AdminSeat));
    assert_eq!(best("Kharkov").geonames_id, kharkiv.geonames_id);
    assert_eq!(best("Khar'kov").geonames_id, kharkiv.geonames_id);

    let kyiv = best("Kyiv");
    assert_eq!((kyiv.country, kyiv.kind), ("UKR", PlaceKind::Capital));
    assert_eq!(best("KIEV"), kyiv);

    assert_eq!(best("Odessa").geonames_id, best("Odesa").geonames_id);
    assert_eq!(best("Artemivsk").geonames_id, best("Bakhmut").geonames_id);
    assert_eq!(best("Dnipró").geonames_id, best("Dnipro").geonames_id);
    let avdiivka = best("Avdiivka");
    assert_eq!(avdiivka.country, "UKR");
    assert!(distance_km(avdiivka.coords(), (48.14, 37.75)) < 10.0, "the town near Donetsk");
    assert_eq!(best("Kupiansk").name, "Kupyansk");
    assert_eq!(best("Vuhledar").country, "UKR");
}

#[test]
fn paris_depends_on_context_only_within_limits() {
    let paris = gaz().resolve("Paris", &[]).unwrap();
    assert_eq!((paris.country, paris.kind), ("FRA", PlaceKind::Capital));
    // Paris, Texas is in the data ...
    let texas = gaz()
        .lookup("Paris")
        .into_iter()
        .find(|e| e.country == "USA" && distance_km(e.coords(), (33.66, -95.56)) < 10.0);
    assert!(texas.is_some());
    // ... but a US context does not outweigh France's capital (25,000 vs 2.1 million inhabitants).
    assert_eq!(gaz().resolve("Paris", &["USA"]).unwrap().country, "FRA");
    // A closer call does flip: Odesa (1 million) or Odessa, Texas (114,000).
    assert_eq!(gaz().resolve("Odessa", &[]).unwrap().country, "UKR");
    let tx = gaz().resolve("Odessa", &["USA"]).unwrap();
    assert_eq!(tx.country, "USA");
    assert!(distance_km(tx.coords(), (31.85, -102.37)) < 20.0);
    assert_eq!(gaz().resolve("Moscow", &["USA"]).unwrap().country, "RUS");
}

#[test]
fn rafah_is_the_gaza_one_unless_egypt_is_the_context() {
    // GeoNames has Rafah in Gaza (126,305) and Rafah in Egypt (44,215): the larger wins.
    let rafah = gaz().resolve("Rafah", &[]).unwrap();
    assert_eq!(rafah.country, "PSE");
    assert_eq!(gaz().resolve("Rafah", &["ISR", "PSE"]).unwrap().country, "PSE");
    assert_eq!(gaz().resolve("Rafah", &["EGY"]).unwrap().country, "EGY");
    let khan_younis = best("Khan Younis");
    assert_eq!((khan_younis.name, khan_younis.country), ("Khān Yūnis", "PSE"));
    assert_eq!(best("Khan Yunis"), khan_younis);
}

#[test]
fn africa_and_asia() {
    let fasher = best("El Fasher");
    assert_eq!(fasher.country, "SDN");
    assert_eq!(best("Al Fashir").geonames_id, fasher.geonames_id);
    assert_eq!(best("Goma").country, "COD");
    let mandalay = best("Mandalay");
    assert_eq!(mandalay.country, "MMR");
    assert!(distance_km(mandalay.coords(), (21.97, 96.08)) < 10.0);
    assert_eq!(best("Rangoon").name, "Yangon");
}

#[test]
fn us_states_are_regions_named_by_the_package() {
    let texas = best("Texas");
    assert_eq!((texas.country, texas.kind), ("USA", PlaceKind::Region));
    assert_eq!(best("Texas state"), texas);
    // "Washington" alone is the capital, not the state.
    let dc = best("Washington");
    assert_eq!((dc.country, dc.kind), ("USA", PlaceKind::Capital));
    assert_eq!(best("Washington State").kind, PlaceKind::Region);
}

#[test]
fn unknown_or_misspelt_names_find_nothing() {
    for name in ["Kharkvi", "Xyzzyville", "Zaporizhzhiaaa", "", "   "] {
        assert!(gaz().lookup(name).is_empty(), "{name}");
        assert!(gaz().resolve(name, &["UKR"]).is_none(), "{name}");
    }
    assert!(!gaz().contains_key("xyzzyville"));
}

#[test]
fn fold_matches_the_spec() {
    assert_eq!(fold("Zürich"), "zurich");
    assert_eq!(best("Zurich"), best("ZÜRICH"));
}

#[test]
fn states_give_context_to_their_places() {
    let g = Gazetteer::embedded();
    assert_eq!(g.resolve("Alexandria", &["USA"]).unwrap().admin1, "VA");
    let la = g.resolve_in("Alexandria", &[], &[("USA", "LA")]).unwrap();
    assert_eq!((la.country, la.admin1), ("USA", "LA"));
    assert_eq!(g.find_in("Pineville", &[("USA", "LA")]).unwrap().admin1, "LA");
    assert!(g.find_in("Pineville", &[("USA", "AK")]).is_none());
    assert_eq!(g.region_named("Minnesota").unwrap().kind, PlaceKind::Region);
    let c = g.country_centres();
    assert!(distance_km(c["USA"], (39.76, -98.5)) < 600.0);
}

#[test]
fn country_centres_sit_on_the_main_land_mass() {
    // The contiguous United States' centre is near Lebanon, Kansas; Alaska and Hawaii
    // must not pull it away, nor Chukotka (across the antimeridian) Russia's.
    assert!(distance_km(country_centre("USA").unwrap(), (39.83, -98.58)) < 150.0);
    let (lat, lon) = country_centre("RUS").unwrap();
    assert!((55.0..68.0).contains(&lat) && (80.0..120.0).contains(&lon), "{lat} {lon}");
    assert!(distance_km(country_centre("FRA").unwrap(), (46.6, 2.4)) < 100.0);
    assert!(country_centre("XYZ").is_none());
    let g = Gazetteer::embedded();
    assert_eq!(g.country_centres()["USA"], country_centre("USA").unwrap());
}

#[test]
fn the_first_division_of_the_context_wins_between_namesakes() {
    let g = Gazetteer::embedded();
    // Anderson County, Tennessee has more people than Anderson County, Texas: with both
    // states in the context, the order of the states decides.
    let tx_first = g.resolve_in("Anderson County", &["USA"], &[("USA", "TX"), ("USA", "TN")]).unwrap();
    assert_eq!(tx_first.admin1, "TX");
    let tn_first = g.resolve_in("Anderson County", &["USA"], &[("USA", "TN"), ("USA", "TX")]).unwrap();
    assert_eq!(tn_first.admin1, "TN");
    // Any listed division still outweighs a country's context and a capital.
    let far = [("USA", "AK"), ("USA", "AL"), ("USA", "AZ"), ("USA", "CA"), ("USA", "CO"), ("USA", "TX")];
    assert_eq!(g.resolve_in("Paris", &["USA"], &far).unwrap().admin1, "TX");
}
