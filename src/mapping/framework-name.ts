/** The frameworks paas-charm supports, by paas-charm's internal name. */
export type FrameworkName = 'flask' | 'django' | 'fastapi' | 'go' | 'expressjs' | 'spring-boot';
