package letting

import (
	"fmt"
	"strings"

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
	msgAreaMet = blandby.Text{
		DA: "Kommunens beslutning om kombineret udlejning gælder et område af",
		EN: "The municipality's combined-letting decision concerns an area of"}
	msgAreaNotMet = blandby.Text{
		DA: "Kommunens beslutning om kombineret udlejning anvendes ikke, fordi området ikke er et område af",
		EN: "The municipality's combined-letting decision is not applied because the area is not one of"}
	msgDispensation = blandby.Text{
		DA: "Kommunen har givet dispensation fra afvisningen i et helt særligt tilfælde med begrundelsen:",
		EN: "The municipality has granted a dispensation from the rejection in a very special case on the ground:"}
	msgNoTestMet = blandby.Text{
		DA: "Ingen af betingelserne er opfyldt:",
		EN: "None of the conditions is met:"}
	msgNotEveryPartner = blandby.Text{
		DA: "Ikke afvist: afvisning kræver, at både ansøgeren og ægtefællen (eller samleveren i mindst 2 år) opfylder en af betingelserne, og det gør de ikke begge.",
		EN: "Not rejected: a rejection needs both the applicant and the spouse (or cohabitant of at least 2 years) to meet one of the conditions, and they do not both."}
	msgNotStillReceiving = blandby.Text{
		DA: "Ikke afvist: ansøgeren og ægtefællen modtager ikke begge en af ydelserne på afgørelsesdatoen.",
		EN: "Not rejected: the applicant and the spouse do not both receive one of the benefits on the decision date."}
	msgShareNotGiven = blandby.Text{
		DA: "Kommunens andel af almene familieboliger i udsatte boligområder og forebyggelsesområder er ikke oplyst, så undtagelsen kan ikke anvendes:",
		EN: "The municipality's share of public family dwellings in udsatte boligområder and forebyggelsesområder is not given, so the exception cannot be applied:"}
	msgNotDocumented = blandby.Text{
		DA: "Lejeren har ikke før fremlejen dokumenteret, at fremlejetagerne opfylder betingelserne.",
		EN: "The tenant has not documented before the sublet that the subtenants meet the conditions."}
	msgOccupancyNoCriterion = blandby.Text{
		DA: "Den nye husstand opfylder ingen af kommunens kriterier for fleksibel udlejning.",
		EN: "The incoming household meets none of the municipality's flexible-letting criteria."}
	msgTooManyOccupants = blandby.Text{
		DA: "Der må ikke bo flere personer end boligen har beboelsesrum.",
		EN: "There may be no more occupants than the dwelling has habitable rooms."}
	msgAreaNotGiven = blandby.Text{
		DA: "Det er ikke oplyst, om området er et tidligere omdannelsesområde med en udviklingsplan; § 168 a, stk. 6 er ikke vurderet.",
		EN: "It is not given whether the area is a former omdannelse area with a development plan; § 168 a, stk. 6 is not assessed."}
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
		DA: fmt.Sprintf("Der må højst fremlejes %s af beboelsesrummene.", share),
		EN: fmt.Sprintf("At most %s of the habitable rooms may be sublet.", share)}
}

func msgShareException(s blandby.Ratio) blandby.Text {
	pct := s.MulInt(100).Decimal(2)
	return blandby.Text{
		DA: fmt.Sprintf("Kommunens andel er %s %%.", strings.Replace(pct, ".", ",", 1)),
		EN: fmt.Sprintf("The municipality's share is %s%%.", pct)}
}

func msgNoPlan(year int) blandby.Text {
	return blandby.Text{
		DA: fmt.Sprintf("Området var senest omdannelsesområde på listen fra %d, men er ikke omfattet af en udviklingsplan; § 168 a, stk. 6 gælder ikke.", year),
		EN: fmt.Sprintf("The area was last an omdannelse area on the %d list but has no development plan; § 168 a, stk. 6 does not apply.", year)}
}

func msgPlanCompleted(year int) blandby.Text {
	return blandby.Text{
		DA: fmt.Sprintf("Området var senest omdannelsesområde på listen fra %d, og udviklingsplanen er gennemført; reglerne gælder ikke længere.", year),
		EN: fmt.Sprintf("The area was last an omdannelse area on the %d list and the development plan is carried out; the rules no longer apply.", year)}
}

func msgContinuationEnded(until Date) blandby.Text {
	return blandby.Text{
		DA: fmt.Sprintf("Fortsættelsen efter § 168 a, stk. 6 ophørte senest %s.", until),
		EN: fmt.Sprintf("The continuation under § 168 a, stk. 6 ended on %s at the latest.", until)}
}

func msgYearsOff(year, off, need int) blandby.Text {
	return blandby.Text{
		DA: fmt.Sprintf("Området var senest omdannelsesområde på listen fra %d og har siden ikke været det på %d lister i træk (grænsen er %d); reglerne gælder ikke længere.", year, off, need),
		EN: fmt.Sprintf("The area was last an omdannelse area on the %d list and has not been one on %d lists in a row since (the limit is %d); the rules no longer apply.", year, off, need)}
}

func msgContinues(year, off int, k *Continuation) blandby.Text {
	return blandby.Text{
		DA: fmt.Sprintf("Området var senest omdannelsesområde på listen fra %d og har en udviklingsplan, der ikke er gennemført; %d af %d år uden for listen. %s", year, off, k.YearsOff, k.Label.DA),
		EN: fmt.Sprintf("The area was last an omdannelse area on the %d list and has a development plan not yet carried out; %d of %d years off the list. %s", year, off, k.YearsOff, k.Label.EN)}
}

// areaText says which list the area is on, by the list's name at the
// decision date.
func areaText(name *blandby.Text) blandby.Text {
	if name == nil {
		return blandby.Text{DA: "Området er ikke på nogen liste i kraft på beslutningsdatoen.", EN: "The area is on no list in force on the decision date."}
	}
	return blandby.Text{
		DA: fmt.Sprintf("Området er %s på listen i kraft på beslutningsdatoen.", name.DA),
		EN: fmt.Sprintf("The area is %s on the list in force on the decision date.", name.EN)}
}
