/**
 * The default catalogue that a new municipality starts from. A municipality hides what it does not
 * offer and names who handles what it does not handle; labels are data, in every supported locale.
 */
export interface CatalogueEntry {
	key: string;
	group: 'security' | 'neighbourhood';
	icon: string;
	labels: Record<'es-CL' | 'en' | 'pt-BR', string>;
	/** The category points at a home: the public map shows only a coarse cell, never the pin. */
	pointsAtHome?: boolean;
}

export const defaultCategories: CatalogueEntry[] = [
	{ key: 'robbery', group: 'security', icon: 'robbery', labels: { 'es-CL': 'Robo', en: 'Robbery', 'pt-BR': 'Roubo' } },
	{ key: 'vehicle_theft', group: 'security', icon: 'car', labels: { 'es-CL': 'Robo de vehículo', en: 'Vehicle theft', 'pt-BR': 'Roubo de veículo' } },
	{ key: 'accident', group: 'security', icon: 'accident', labels: { 'es-CL': 'Accidente', en: 'Accident', 'pt-BR': 'Acidente' } },
	{ key: 'commotion', group: 'security', icon: 'noise', labels: { 'es-CL': 'Desorden o riña', en: 'Commotion', 'pt-BR': 'Tumulto' } },
	{ key: 'home_burglary', group: 'security', icon: 'home', labels: { 'es-CL': 'Robo en vivienda', en: 'Home burglary', 'pt-BR': 'Arrombamento de casa' }, pointsAtHome: true },
	{ key: 'suspicious_activity', group: 'security', icon: 'eye', labels: { 'es-CL': 'Actividad sospechosa', en: 'Suspicious activity', 'pt-BR': 'Atividade suspeita' } },
	{ key: 'streetlight_out', group: 'neighbourhood', icon: 'streetlight', labels: { 'es-CL': 'Luminaria apagada', en: 'Streetlight out', 'pt-BR': 'Poste apagado' } },
	{ key: 'abandoned_vehicle', group: 'neighbourhood', icon: 'car', labels: { 'es-CL': 'Vehículo abandonado', en: 'Abandoned vehicle', 'pt-BR': 'Veículo abandonado' } },
	{ key: 'bus_stop_damage', group: 'neighbourhood', icon: 'bus', labels: { 'es-CL': 'Paradero dañado', en: 'Damaged bus stop', 'pt-BR': 'Ponto de ônibus danificado' } },
	{ key: 'dumped_rubbish', group: 'neighbourhood', icon: 'rubbish', labels: { 'es-CL': 'Microbasural', en: 'Dumped rubbish', 'pt-BR': 'Lixo descartado' } },
	{ key: 'missing_manhole_cover', group: 'neighbourhood', icon: 'manhole', labels: { 'es-CL': 'Tapa de cámara faltante', en: 'Missing manhole cover', 'pt-BR': 'Tampa de bueiro faltando' } },
	{ key: 'power_outage', group: 'neighbourhood', icon: 'power', labels: { 'es-CL': 'Corte de luz', en: 'Power cut', 'pt-BR': 'Falta de energia' } },
	{ key: 'other', group: 'neighbourhood', icon: 'other', labels: { 'es-CL': 'Otro', en: 'Other', 'pt-BR': 'Outro' } }
];

/** Chile's national emergency numbers, which every Chilean municipality shows. */
export const nationalEmergencyNumbers = [
	{ id: 'samu', number: '131', label: { 'es-CL': 'Ambulancia (SAMU)', en: 'Ambulance (SAMU)', 'pt-BR': 'Ambulância (SAMU)' } },
	{ id: 'bomberos', number: '132', label: { 'es-CL': 'Bomberos', en: 'Fire brigade', 'pt-BR': 'Bombeiros' } },
	{ id: 'carabineros', number: '133', label: { 'es-CL': 'Carabineros', en: 'Police (Carabineros)', 'pt-BR': 'Polícia (Carabineros)' } },
	{ id: 'pdi', number: '134', label: { 'es-CL': 'Policía de Investigaciones (PDI)', en: 'Investigations police (PDI)', 'pt-BR': 'Polícia de Investigações (PDI)' } }
] as const;
