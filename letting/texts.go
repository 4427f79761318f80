package letting

import (
	"fmt"

	"github.com/blandby/blandby"
)

// The explanation texts that are not rules (the rules' own texts come from
// the rule sets).

var (
	msgNoCriteria = blandby.Text{
		DA: "Kommunen har ikke fastsat kriterier for fleksibel udlejning; ingen fortrinsgruppe.",
		EN: "The municipality has set no flexible-letting criteria; no priority group."}
	msgNoCriterionMet = blandby.Text{
		DA: "Husstanden opfylder ingen af kommunens kriterier for fleksibel udlejning; den rangerer efter fortrinsgrupperne, efter anciennitet.",
		EN: "The household meets none of the municipality's flexible-letting criteria; it ranks after the priority groups, by seniority."}
	msgInsideDepartment = blandby.Text{
		DA: "Ansøgeren bor allerede i afdelingen; reglen gælder kun boligsøgende uden for afdelingen.",
		EN: "The applicant already lives in the department; the rule applies only to applicants from outside it."}
	msgShareNotMet = blandby.Text{
		DA: "Kommunens beslutning om kombineret udlejning anvendes ikke, fordi betingelsen ikke er opfyldt:",
		EN: "The municipality's combined-letting decision is not applied because its condition is not met:"}
	msgDispensation = blandby.Text{
		DA: "Kommunen har givet dispensation fra afvisningen med begrundelsen:",
		EN: "The municipality has granted a dispensation from the rejection on the ground:"}
	msgNoTestMet = blandby.Text{
		DA: "Ingen af betingelserne er opfyldt:",
		EN: "None of the conditions is met:"}
	msgNotDocumented = blandby.Text{
		DA: "Lejeren har ikke før fremlejen dokumenteret, at fremlejetagerne opfylder områdets udlejningsbetingelser.",
		EN: "The tenant has not documented before the sublet that the subtenants meet the area's letting conditions."}
	msgOccupancyNoCriterion = blandby.Text{
		DA: "Den nye husstand opfylder ingen af kommunens kriterier for fleksibel udlejning.",
		EN: "The incoming household meets none of the municipality's flexible-letting criteria."}
	msgTooManyOccupants = blandby.Text{
		DA: "Der må ikke bo flere personer end boligen har værelser.",
		EN: "There may be no more occupants than the dwelling has rooms."}
)

func msgPriority(g int) blandby.Text {
	return blandby.Text{DA: fmt.Sprintf("Fortrinsgruppe %d:", g), EN: fmt.Sprintf("Priority group %d:", g)}
}

func msgAbsenceTooLong(months int) blandby.Text {
	return blandby.Text{
		DA: fmt.Sprintf("Hele boligen må kun fremlejes i op til %d måneder under midlertidigt fravær.", months),
		EN: fmt.Sprintf("The whole dwelling may be sublet for at most %d months during temporary absence.", months)}
}

func msgTooManyRooms(share blandby.Ratio) blandby.Text {
	return blandby.Text{
		DA: fmt.Sprintf("Der må højst fremlejes %s af værelserne.", share),
		EN: fmt.Sprintf("At most %s of the rooms may be sublet.", share)}
}

func areaText(c blandby.Category) blandby.Text {
	if c == blandby.None {
		return blandby.Text{DA: "Området er ikke på nogen liste i kraft på beslutningsdatoen.", EN: "The area is on no list in force on the decision date."}
	}
	return blandby.Text{
		DA: fmt.Sprintf("Området er %s på listen i kraft på beslutningsdatoen.", c.Label(blandby.Danish)),
		EN: fmt.Sprintf("The area is %s on the list in force on the decision date.", c.Label(blandby.English))}
}
