enum _PlaceholderCampusCardServer {}
