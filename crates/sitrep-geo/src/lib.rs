//! Offline gazetteer and toponym resolution (being built).
