package register

// NoArea is the area index of a person outside the area universe.
const NoArea int32 = -1

// Batch is a block of person-year rows of one data year, in columns. The
// area is an index into the Areas registry (NoArea outside it), the region an
// index into dk.Regions, the FTE in millionths. A reader reuses its batches: a
// batch is valid only during the call it is handed to.
type Batch struct {
	Year         int
	PersonID     []int64
	Area         []int32
	Municipality []uint16
	Region       []uint8
	Age          []uint8
	Origin       []Origin
	FTE          []int32
	Convicted    []bool
	Education    []Education
	EducationDK  []Education
	InEducation  []bool
	Taxpayer     []bool
	Income       []int64
}

// NewBatch returns an empty batch with room for n rows.
func NewBatch(n int) *Batch {
	return &Batch{
		PersonID: make([]int64, 0, n), Area: make([]int32, 0, n), Municipality: make([]uint16, 0, n),
		Region: make([]uint8, 0, n), Age: make([]uint8, 0, n), Origin: make([]Origin, 0, n),
		FTE: make([]int32, 0, n), Convicted: make([]bool, 0, n), Education: make([]Education, 0, n),
		EducationDK: make([]Education, 0, n), InEducation: make([]bool, 0, n), Taxpayer: make([]bool, 0, n),
		Income: make([]int64, 0, n),
	}
}

// Len returns the number of rows.
func (b *Batch) Len() int { return len(b.PersonID) }

// Reset empties the batch, keeping its capacity.
func (b *Batch) Reset(year int) {
	b.Year = year
	b.PersonID, b.Area, b.Municipality, b.Region = b.PersonID[:0], b.Area[:0], b.Municipality[:0], b.Region[:0]
	b.Age, b.Origin, b.FTE, b.Convicted = b.Age[:0], b.Origin[:0], b.FTE[:0], b.Convicted[:0]
	b.Education, b.EducationDK, b.InEducation = b.Education[:0], b.EducationDK[:0], b.InEducation[:0]
	b.Taxpayer, b.Income = b.Taxpayer[:0], b.Income[:0]
}

// Person is one person-year row, for building batches by hand (the
// generator and tests); readers fill the columns directly.
type Person struct {
	ID           int64
	Area         int32
	Municipality uint16
	Region       uint8
	Age          uint8
	Origin       Origin
	FTE          int32
	Convicted    bool
	Education    Education
	EducationDK  Education
	InEducation  bool
	Taxpayer     bool
	Income       int64
}

// Append adds a row.
func (b *Batch) Append(p Person) {
	b.PersonID = append(b.PersonID, p.ID)
	b.Area = append(b.Area, p.Area)
	b.Municipality = append(b.Municipality, p.Municipality)
	b.Region = append(b.Region, p.Region)
	b.Age = append(b.Age, p.Age)
	b.Origin = append(b.Origin, p.Origin)
	b.FTE = append(b.FTE, p.FTE)
	b.Convicted = append(b.Convicted, p.Convicted)
	b.Education = append(b.Education, p.Education)
	b.EducationDK = append(b.EducationDK, p.EducationDK)
	b.InEducation = append(b.InEducation, p.InEducation)
	b.Taxpayer = append(b.Taxpayer, p.Taxpayer)
	b.Income = append(b.Income, p.Income)
}

// Row returns row i as a Person.
func (b *Batch) Row(i int) Person {
	return Person{
		ID: b.PersonID[i], Area: b.Area[i], Municipality: b.Municipality[i], Region: b.Region[i],
		Age: b.Age[i], Origin: b.Origin[i], FTE: b.FTE[i], Convicted: b.Convicted[i],
		Education: b.Education[i], EducationDK: b.EducationDK[i], InEducation: b.InEducation[i],
		Taxpayer: b.Taxpayer[i], Income: b.Income[i],
	}
}
