/** The deepest zoom Cuadra's maps offer; reports a cluster still holds together there are at one spot. */
export const MAX_MAP_ZOOM = 19;
